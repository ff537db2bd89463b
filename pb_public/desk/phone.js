// The phone page of the counter (hooks/files/phone.go): opened from the QR
// code the desk shows for one dossier, it sends photos of the papers as the
// clerk who asked for the code, for ten minutes. The link's token travels in
// the address's fragment (never sent to a server log) and in a header.
(function () {
  "use strict";
  var params = new URLSearchParams(location.hash.slice(1));
  var dossier = params.get("d") || "", token = params.get("t") || "";
  var $ = function (id) { return document.getElementById(id); };
  function call(method, body) {
    return fetch("/api/motcua/phone/" + encodeURIComponent(dossier), { method: method, headers: { "X-Motcua-Phone": token }, body: body })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok) {
            var fields = data.data || {}, first = Object.keys(fields)[0];
            throw new Error(first && fields[first].message ? fields[first].message : data.message || "Lỗi máy chủ (" + res.status + ").");
          }
          return data;
        });
      }, function () { throw new Error("Không kết nối được máy chủ: kiểm tra Wi-Fi của cơ quan rồi thử lại."); });
  }
  call("GET").then(function (info) {
    $("phone-dossier").textContent = "Hồ sơ " + info.code + " — " + info.applicant;
    info.items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = it.name;
      o.textContent = it.name;
      o.setAttribute("data-kind", it.kind);
      $("phone-item").appendChild(o);
    });
    var pickKind = function () {
      var o = $("phone-item").selectedOptions[0];
      if (o) $("phone-kind").value = o.getAttribute("data-kind") || "copy";
    };
    $("phone-item").addEventListener("change", pickKind);
    pickKind();
    $("phone-form").hidden = false;
  }).catch(function (err) { $("phone-dossier").textContent = err.message; });
  $("phone-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!$("phone-file").files.length) { $("phone-status").textContent = "Hãy chụp hoặc chọn ảnh giấy tờ."; return; }
    $("phone-send").disabled = true;
    $("phone-status").textContent = "Đang gửi…";
    call("POST", new FormData($("phone-form"))).then(function (res) {
      $("phone-status").textContent = res.message;
      var li = document.createElement("li");
      li.textContent = res.message;
      $("phone-done").appendChild(li);
      $("phone-file").value = "";
    }).catch(function (err) { $("phone-status").textContent = err.message; })
      .then(function () { $("phone-send").disabled = false; });
  });
})();
