/* "Edit this page" on the live site, for signed-in staff only (content/admin/staff_bar.py).
   Every public page is the same for every visitor and may come from the page cache, so it holds
   no staff link: this script asks, from staff's browser only, where the page is edited, and
   adds the link at the top of the main content. It asks only where the page admin has left its
   hint cookie, so visitors make no extra request; the answer for anyone not signed in as staff
   is empty (204). Loaded with data-staff-bar-url on its <script> tag. No inline code. */
(function () {
  "use strict";

  const script = document.currentScript;
  const url = script && script.dataset.staffBarUrl;
  if (!url || !/(?:^|;\s*)clinic_staff_hint=1(?:;|$)/.test(document.cookie)) return;

  async function show() {
    let data;
    try {
      const response = await fetch(url + "?path=" + encodeURIComponent(location.pathname), {
        credentials: "same-origin",
        headers: {Accept: "application/json"},
        redirect: "error",
      });
      if (response.status !== 200) return; // 204: not staff, or no page to edit here
      data = await response.json();
    } catch (error) {
      return; // the page reads as it did; staff can still edit from the admin
    }
    const main = document.querySelector("main");
    if (!main || !data.edit_url) return;
    const bar = document.createElement("p");
    bar.className = "staff-bar";
    bar.lang = "en"; // the admin is English, also over a Spanish page
    const link = document.createElement("a");
    link.href = data.edit_url;
    link.textContent = data.label || "Edit this page";
    bar.append(link, " (staff only: visitors do not see this)");
    main.prepend(bar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
