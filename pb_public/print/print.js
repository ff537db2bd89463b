// The staff print page (trang in biểu mẫu). It is reached from the admin UI:
// the `print_url` link of a dossier opens /print/index.html#01/<id>. A
// browser navigation carries no Authorization header, so the page reads the
// token the admin UI keeps in localStorage, fetches the form's HTML from
// /api/motcua/forms/... with it, and shows the sheet; the "In" button prints.
//
// Hash routes: #<form>/<dossier id or code>[?explain=1], #07?from=YYYY-MM-DD&to=YYYY-MM-DD.
(function () {
  "use strict";

  var NAMES = {
    "01": "01 Giấy tiếp nhận", "02": "02 Yêu cầu bổ sung", "03": "03 Từ chối tiếp nhận",
    "04": "04 Xin lỗi, gia hạn", "05": "05 Dừng giải quyết", "06": "06 Kiểm soát quá trình", "07": "07 Sổ theo dõi"
  };

  var $ = function (id) { return document.getElementById(id); };

  // The admin UI stores {token, record} under "__pb_superusers__" + its path
  // ("/_" by default).
  function adminToken() {
    var keys = ["__pb_superusers__/_"];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf("__pb_superusers__") === 0 && keys.indexOf(k) < 0) keys.push(k);
    }
    for (var j = 0; j < keys.length; j++) {
      try {
        var v = JSON.parse(localStorage.getItem(keys[j]) || "null");
        if (v && v.token) return v.token;
      } catch (e) { /* not ours */ }
    }
    return "";
  }

  function parseHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ""));
    var q = "";
    var i = h.indexOf("?");
    if (i >= 0) { q = h.slice(i + 1); h = h.slice(0, i); }
    var parts = h.split("/");
    return { form: parts[0] || "01", ref: parts.slice(1).join("/"), query: new URLSearchParams(q) };
  }

  function setStatus(text, isError) {
    var s = $("status");
    s.textContent = text;
    s.className = isError ? "status error" : "status";
  }

  function ymd(d) {
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }

  // renderTabs lists the forms that apply to the dossier, then the log.
  function renderTabs(route, forms) {
    var tabs = $("tabs");
    tabs.textContent = "";
    forms.concat(["07"]).forEach(function (f) {
      var a = document.createElement("a");
      a.href = f === "07" ? "#07" : "#" + f + "/" + encodeURIComponent(route.ref);
      a.textContent = NAMES[f] || f;
      if (f === route.form) a.setAttribute("aria-current", "page");
      tabs.appendChild(a);
    });
  }

  function load() {
    var route = parseHash();
    var token = adminToken();
    $("print").disabled = true;
    $("sheet").textContent = "";
    $("explain-box").hidden = route.form !== "01";
    $("explain").checked = route.query.get("explain") === "1";
    $("period").hidden = route.form !== "07";
    if (!token) {
      setStatus("Chưa đăng nhập: hãy đăng nhập trang quản trị (/_/) bằng tài khoản cán bộ rồi mở lại liên kết in.", true);
      return;
    }
    var url;
    if (route.form === "07") {
      var now = new Date();
      var from = route.query.get("from") || ymd(new Date(now.getFullYear(), now.getMonth(), 1));
      var to = route.query.get("to") || ymd(now);
      $("from").value = from;
      $("to").value = to;
      renderTabs(route, []);
      url = "/api/motcua/forms/07?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to);
    } else {
      if (!route.ref) { setStatus("Thiếu mã hồ sơ trong địa chỉ trang in.", true); return; }
      url = "/api/motcua/forms/" + encodeURIComponent(route.form) + "/" + encodeURIComponent(route.ref) +
        (route.form === "01" && $("explain").checked ? "?explain=1" : "");
    }
    setStatus("Đang tải biểu mẫu…");
    fetch(url, { headers: { Authorization: token } }).then(function (res) {
      var forms = (res.headers.get("X-Motcua-Forms") || "").split(",").filter(Boolean);
      if (route.form !== "07") renderTabs(route, forms.length ? forms : [route.form]);
      return res.text().then(function (body) {
        if (!res.ok) {
          var msg = "Không tải được biểu mẫu (" + res.status + ").";
          try { msg = JSON.parse(body).message || msg; } catch (e) { /* not JSON */ }
          if (res.status === 401) msg += " Hãy đăng nhập lại trang quản trị (/_/).";
          throw new Error(msg);
        }
        var doc = new DOMParser().parseFromString(body, "text/html");
        var sheet = doc.querySelector("article.sheet");
        if (!sheet) throw new Error("Biểu mẫu trả về không đúng định dạng.");
        $("sheet").appendChild(document.importNode(sheet, true));
        document.title = doc.title || document.title;
        setStatus("");
        $("print").disabled = false;
      });
    }).catch(function (err) {
      setStatus(err.message || String(err), true);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("print").addEventListener("click", function () { window.print(); });
    $("explain").addEventListener("change", function () {
      var r = parseHash();
      location.hash = "#01/" + encodeURIComponent(r.ref) + (this.checked ? "?explain=1" : "");
    });
    $("period").addEventListener("submit", function (ev) {
      ev.preventDefault();
      location.hash = "#07?from=" + $("from").value + "&to=" + $("to").value;
    });
    window.addEventListener("hashchange", load);
    load();
  });
})();
