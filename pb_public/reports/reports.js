// Staff reports page: the self-inspection report of a period, rendered by
// the server (/api/motcua/reports/report.html, inline SVG charts), with
// downloads and the on-demand run. The admin UI's session is reused when
// there is one; otherwise a small sign-in form asks for the staff account.
(function () {
  "use strict";
  var ADMIN_KEY = "__pb_superusers__/_"; // the admin UI's auth store at /_/
  var OWN_KEY = "motcua_reports_auth";
  // The roles' Vietnamese names (internal/access.RoleLabel): staff read no role key.
  var ROLES = { admin: "Quản trị", leader: "Lãnh đạo", specialist: "Công chức chuyên môn",
    receptionist: "Công chức một cửa", inspector: "Kiểm tra" };
  var $ = function (s) { return document.querySelector(s); };

  function readStore(storage, key) {
    try {
      var v = JSON.parse(storage.getItem(key) || "null");
      if (v && v.token) { return { token: v.token, record: v.record || v.model || {} }; }
    } catch (e) { /* not ours */ }
    return null;
  }
  function session() { return readStore(window.localStorage, ADMIN_KEY) || readStore(window.sessionStorage, OWN_KEY); }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function period() {
    var f = $("#period");
    return "from=" + encodeURIComponent(f.from.value) + "&to=" + encodeURIComponent(f.to.value);
  }
  function status(msg, bad) {
    var s = $("#status");
    s.textContent = msg || "";
    s.className = "status" + (bad ? " error" : "");
  }

  function api(path, opts) {
    var s = session();
    opts = opts || {};
    opts.headers = opts.headers || {};
    if (s) { opts.headers.Authorization = s.token; }
    return fetch(path, opts).then(function (res) {
      if (res.status === 401) { showSignin(); throw new Error("Phiên đăng nhập đã hết, vui lòng đăng nhập lại."); }
      if (!res.ok) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          throw new Error(body.message || ("Lỗi " + res.status));
        });
      }
      return res;
    });
  }

  function showSignin() {
    $("#signin").hidden = false;
    $("#tools").hidden = true;
    $("#report").innerHTML = "";
    $("#who").textContent = "";
  }
  function showTools() {
    var s = session();
    $("#signin").hidden = true;
    $("#tools").hidden = false;
    var r = (s && s.record) || {};
    var role = ROLES[r.role] || "";
    $("#who").textContent = (r.name || r.email || "") + (role ? " · " + role : "");
  }

  function load() {
    status("Đang lập báo cáo…");
    return api("/api/motcua/reports/report.html?" + period())
      .then(function (res) { return res.text(); })
      .then(function (html) { $("#report").innerHTML = html; status(""); })
      .catch(function (e) { status(e.message, true); });
  }

  function run() {
    status("Đang chạy tự kiểm tra…");
    var f = $("#period");
    api("/api/motcua/inspect", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: f.from.value, to: f.to.value })
    }).then(function (res) { return res.json(); })
      .then(function (rep) {
        var r = rep.run || {};
        return load().then(function () {
          status("Đã chạy: " + (r.found || 0) + " phát hiện (" + (r.new || 0) + " mới), " + (r.resolved || 0) + " phát hiện tự đóng.");
        });
      })
      .catch(function (e) { status(e.message, true); });
  }

  function download(ext) {
    status("Đang tải tệp…");
    api("/api/motcua/reports/indicators." + ext + "?" + period())
      .then(function (res) { return res.blob(); })
      .then(function (blob) {
        var f = $("#period");
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "chi-tieu-" + f.from.value + "_" + f.to.value + "." + ext;
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        status("");
      })
      .catch(function (e) { status(e.message, true); });
  }

  function init() {
    var q = new URLSearchParams(window.location.search);
    var today = new Date();
    var start = new Date(today.getFullYear(), today.getMonth() - 5, 1);
    var f = $("#period");
    f.from.value = q.get("from") || iso(start);
    f.to.value = q.get("to") || iso(today);
    f.addEventListener("submit", function (e) { e.preventDefault(); load(); });
    $("#run").addEventListener("click", run);
    $("#print").addEventListener("click", function () { window.print(); });
    $("#csv").addEventListener("click", function () { download("csv"); });
    $("#xlsx").addEventListener("click", function () { download("xlsx"); });
    $("#signin-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var form = e.target;
      $("#signin-error").textContent = "";
      fetch("/api/collections/_superusers/auth-with-password", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ identity: form.identity.value, password: form.password.value })
      }).then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) { throw new Error("Sai thư điện tử hoặc mật khẩu."); }
          window.sessionStorage.setItem(OWN_KEY, JSON.stringify({ token: body.token, record: body.record }));
          form.password.value = "";
          showTools();
          load();
        });
      }).catch(function (err) { $("#signin-error").textContent = err.message; });
    });
    if (session()) { showTools(); load(); } else { showSignin(); }
  }
  document.addEventListener("DOMContentLoaded", init);
})();
