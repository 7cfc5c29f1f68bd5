// portal serve: live reload. Served only by the preview server, never written by `build`.
(() => {
  const base = document.currentScript.dataset.base;
  // The build this page came from: on (re)connecting, a newer one means a save was missed.
  let generation = Number(document.currentScript.dataset.generation);
  let delay = 250;
  const overlay = (report) => {
    let box = document.getElementById("portal-overlay");
    if (!report) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "portal-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.93);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;";
      document.body.append(box);
    }
    box.replaceChildren();
    const title = document.createElement("p");
    title.style.cssText = "font:600 18px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4b4";
    title.textContent = `portal: ${report.count} error${report.count === 1 ? "" : "s"} — the last good version of the site is shown underneath. Fix the file and save: this goes away by itself.`;
    const where = document.createElement("p");
    where.className = "portal-where";
    where.textContent = report.file ? `${report.file}${report.line ? ":" + report.line : ""}` : "";
    const pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = report.text;
    box.append(title, where, pre);
  };
  const swapStyles = () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("portal", Date.now());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = () => link.remove();
      link.after(fresh);
    }
  };
  const connect = () => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${base}__portal/live`);
    ws.onopen = () => { delay = 250; };
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === "hello") {
        if (msg.generation !== generation) {
          location.reload();
          return;
        }
        overlay(msg.error);
      } else if (msg.type === "reload") {
        location.reload();
      } else if (msg.type === "css") {
        generation = msg.generation;
        swapStyles();
      } else if (msg.type === "error") {
        overlay(msg.error);
      }
    };
    ws.onclose = () => {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 4000);
    };
  };
  connect();
})();
