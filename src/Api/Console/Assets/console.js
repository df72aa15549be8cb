// The console works without this script. It only remembers the browser's time zone (for dates) and keeps the
// mail preview in step with the settings form while the admin types.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) < 0) {
    document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/admin; max-age=31536000; samesite=lax";
  }

  function mailbox(name, address) {
    if (!name) { return address; }
    return /^[\w \u0080-\uffff!#$%&'*+\/=?^`{|}~-]*$/.test(name) ? name + " <" + address + ">"
      : "\"" + name.replace(/\\/g, "\\\\").replace(/"/g, "\\\"") + "\" <" + address + ">";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var preview = document.querySelector(".preview");
    var own = document.getElementById("ownSmtp");
    if (!preview || !own) { return; }
    var field = function (id) { var e = document.getElementById(id); return e ? e.value.trim() : ""; };
    var transport = document.getElementById("preview-transport");
    function update() {
      var name = field("senderName");
      var on = own.checked;
      document.getElementById("preview-from").textContent = mailbox(name, on ? field("senderEmail") : preview.dataset.platform);
      document.getElementById("preview-reply-to").textContent = on ? "–" : (field("primaryEmail") || "–");
      transport.textContent = on ? transport.dataset.ownText : transport.dataset.platformText;
    }
    ["senderName", "primaryEmail", "senderEmail", "ownSmtp"].forEach(function (id) {
      var e = document.getElementById(id);
      if (e) { e.addEventListener("input", update); e.addEventListener("change", update); }
    });
  });
})();
