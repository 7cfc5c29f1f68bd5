// Starts the content manager (Decap CMS or Sveltia CMS, loaded next) once the page is read.
// Where site.yaml names no repository, the repository is the one GitHub Pages serves this
// site from: owner.github.io/name/ is github.com/owner/name (owner.github.io/ is
// github.com/owner/owner.github.io). Everything else comes from config.yml beside this file.
window.CMS_MANUAL_INIT = true;
window.addEventListener("DOMContentLoaded", () => {
  const config = {};
  const host = location.hostname;
  if (!false && host.endsWith(".github.io")) {
    const owner = host.slice(0, -".github.io".length);
    const first = location.pathname.split("/").filter(Boolean)[0];
    const name = first && first !== "admin" ? first : host;
    config.backend = { name: "github", repo: `${owner}/${name}` };
  }
  window.CMS.init({ config });
});
