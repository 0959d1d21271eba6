// Morgue's preview server adds this script to the pages it serves (never to built files).
// It listens for rebuilds over Server-Sent Events: a rebuild that changed this page reloads it;
// a failed rebuild shows an overlay with the file, line and message until it is fixed.
(function () {
  "use strict";
  var OVERLAY_ID = "morgue-build-error";

  function here() {
    var path = location.pathname;
    return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
  }

  function showFailure(failure) {
    var box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,0,0,.92);" +
        "color:#fff;font:16px/1.5 ui-monospace,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    // textContent, never innerHTML: the message quotes story files.
    box.textContent = "Build failed\n\n" + failure.file + (failure.line ? ":" + failure.line : "") +
      "\n" + failure.message + "\n\nThe last good version of the site is still being served.";
  }

  var failed = false;
  var source = new EventSource("/__morgue__/events");
  source.addEventListener("failure", function (event) {
    failed = true;
    showFailure(JSON.parse(event.data));
  });
  source.addEventListener("reload", function (event) {
    var urls = JSON.parse(event.data).urls;
    if (failed || urls.indexOf("*") >= 0 || urls.indexOf(here()) >= 0) {
      location.reload();
    }
  });
})();
