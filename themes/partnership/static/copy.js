// The follow page's "Copy the address" buttons: shown only where a script runs and the
// browser lets a page write to the clipboard; the address stays selectable text either way.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const address = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  if (!address || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(address.textContent.trim());
      say(status, button.dataset.done);
    } catch {
      // Refused (no permission): select the address, and say that Ctrl+C copies it.
      getSelection().selectAllChildren(address);
      say(status, button.dataset.selected);
    }
  });
}

// A status region says a change: emptied first, a second copy is said again.
function say(status, text) {
  if (!status) return;
  status.textContent = "";
  setTimeout(() => (status.textContent = text), 100);
}
