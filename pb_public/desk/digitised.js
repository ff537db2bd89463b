// Digitised papers of a dossier on the staff desk (bản số hóa giấy tờ, kết
// quả): one row per item of the checklist with its scans, a file picker to
// attach one, the papers of the same applicant's ID number already digitised
// in other dossiers (reuse instead of scanning again), and the result with
// its number, date and signer once the dossier is decided. Everything goes
// through the records API of `dossier_files` (hooks/files checks the content,
// computes the hash and records who digitised it); files open through a
// short-lived file token. desk.js calls MotcuaDigitised.card(dossier, role).
(function () {
  "use strict";

  var AUTH_KEY = "__pb_superusers__/_";
  var URL = "/api/collections/dossier_files/records";
  var KINDS = { original: "Bản chính", certified_copy: "Bản sao chứng thực", copy: "Bản sao" };
  var SOURCES = { counter: "quét tại quầy", phone: "chụp bằng điện thoại", online: "nộp trực tuyến", reuse: "dùng lại" };
  var WRITERS = ["admin", "leader", "specialist", "receptionist"];

  function token() {
    try { return (JSON.parse(localStorage.getItem(AUTH_KEY) || "null") || {}).token || ""; } catch (e) { return ""; }
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function quote(s) { return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"'; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function officeTime(s) {
    if (!s) return "";
    var d = new Date(new Date(String(s).replace(" ", "T")).getTime() + 7 * 3600 * 1000);
    return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear() + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  function sizeText(n) { return n >= 1048576 ? (n / 1048576).toFixed(1).replace(".", ",") + " MB" : Math.max(1, Math.round(n / 1024)) + " KB"; }

  function request(method, path, form) {
    var opts = { method: method, headers: { Authorization: token() } };
    if (form) opts.body = form;
    return fetch(path, opts).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!res.ok) {
          var msg = (data && data.message) || "Lỗi máy chủ (" + res.status + ").";
          var fields = (data && data.data) || {};
          var first = Object.keys(fields)[0];
          if (first && fields[first].message && /[ăâđêôơưáàảãạ]/i.test(fields[first].message)) msg = fields[first].message;
          throw new Error(msg);
        }
        return data;
      });
    }, function () { throw new Error("Không kết nối được máy chủ: kiểm tra mạng rồi thử lại."); });
  }
  function list(filter) {
    return request("GET", URL + "?perPage=200&sort=created&expand=digitised_by,dossier&filter=" + encodeURIComponent(filter));
  }

  // reusableFor lists the papers still valid that were digitised for the
  // applicant's ID number idNumber in dossiers other than exceptId.
  function reusableFor(idNumber, exceptId) {
    return list("role='submitted' && " + (exceptId ? "dossier!=" + quote(exceptId) + " && " : "") +
      "dossier.applicant_id_number=" + quote(idNumber) +
      " && (valid_until='' || valid_until>=" + quote(new Date().toISOString().replace("T", " ")) + ")");
  }

  // reuseLabel names a reusable paper f by its dossier and the day it was
  // digitised: "Dùng lại bản đã số hóa ở hồ sơ <code> (dd/mm/yyyy".
  function reuseLabel(f) {
    return "Dùng lại bản đã số hóa ở hồ sơ " + (f.expand && f.expand.dossier ? f.expand.dossier.code : "") +
      " (" + officeTime(f.digitised_at).slice(0, 10);
  }

  // storePaper uploads a paper of checklist item for dossier id: p.file of
  // kind p.kind, or the paper p.reuse digitised for another dossier.
  function storePaper(id, item, p) {
    var form = new FormData();
    form.append("dossier", id);
    form.append("role", "submitted");
    form.append("item", item);
    if (p.reuse) form.append("reused_from", p.reuse);
    else { form.append("kind", p.kind); form.append("file", p.file); }
    return request("POST", URL, form);
  }

  // open shows a protected file in a new tab with a fresh file token.
  function open(f) {
    var w = window.open("", "_blank");
    request("POST", "/api/files/token").then(function (res) {
      var u = "/api/files/dossier_files/" + f.id + "/" + encodeURIComponent(f.file) + "?token=" + encodeURIComponent(res.token);
      if (w) w.location = u; else location.href = u;
    }).catch(function (err) { if (w) w.close(); alert(err.message); });
  }

  function fileLine(f) {
    var by = f.expand && f.expand.digitised_by ? (f.expand.digitised_by.name || f.expand.digitised_by.email) : "";
    var a = el("a", { href: "#", "data-file": f.id, text: (KINDS[f.kind] || "Bản số hóa") + " · " + sizeText(f.size || 0) });
    a.addEventListener("click", function (ev) { ev.preventDefault(); open(f); });
    var bits = [officeTime(f.digitised_at), by, SOURCES[f.source] || ""].filter(Boolean).join(" · ");
    return el("li", {}, [a, el("span", { "class": "muted", text: " — " + bits }),
      f.role === "result" ? el("div", { text: "Số " + f.result_number + ", ngày " + officeTime(f.result_date).slice(0, 10) + ", người ký: " + f.result_signer }) : null]);
  }

  function items(d) {
    var seen = {}, out = [];
    var proc = (d.expand && d.expand.procedure) || {};
    [].concat(Array.isArray(d.documents) ? d.documents : [], Array.isArray(proc.documents) ? proc.documents : []).forEach(function (x) {
      var name = x && (typeof x === "string" ? x : x.name);
      if (!name || seen[name.toLowerCase()]) return;
      seen[name.toLowerCase()] = true;
      out.push({ name: name, kind: x.kind });
    });
    return out;
  }

  function kindSelect(kind, label) {
    var s = el("select", { name: "kind", "aria-label": label });
    Object.keys(KINDS).forEach(function (k) { s.appendChild(el("option", { value: k, text: KINDS[k] })); });
    // A paper only shown (xuất trình) is scanned from its original, as at intake.
    s.value = KINDS[kind] ? kind : kind === "presented" ? "original" : "copy";
    return s;
  }

  // card builds the "Bản số hóa" card of dossier d for a staff member of role.
  function card(d, role) {
    var box = el("div", { "class": "card", id: "digitised" }, [el("h2", { text: "Bản số hóa giấy tờ" }),
      el("p", { "class": "muted", text: "Đang tải…" })]);
    var canWrite = WRITERS.indexOf(role) >= 0;
    var reuse = d.applicant_id_number && canWrite
      ? reusableFor(d.applicant_id_number, d.id).catch(function () { return { items: [] }; })
      : Promise.resolve({ items: [] });
    Promise.all([list("dossier=" + quote(d.id)), reuse]).then(function (r) {
      render(box, d, role, r[0].items, r[1].items, canWrite);
    }).catch(function (err) {
      box.lastChild.textContent = err.message;
    });
    return box;
  }

  function render(box, d, role, files, reusable, canWrite) {
    while (box.childNodes.length > 1) box.removeChild(box.lastChild);
    var reload = function () { var fresh = card(d, role); box.parentNode.replaceChild(fresh, box); };
    var rows = el("tbody");
    items(d).forEach(function (it, i) {
      var mine = files.filter(function (f) { return f.role === "submitted" && f.item.toLowerCase() === it.name.toLowerCase(); });
      var cell = el("td", {}, [mine.length ? el("ul", { "class": "plain" }, mine.map(fileLine)) : el("span", { "class": "muted", text: "Chưa số hóa" })]);
      if (canWrite) {
        var input = el("input", { type: "file", name: "file", id: "dg-file-" + i, accept: "application/pdf,image/jpeg,image/png", capture: "environment",
          "aria-label": "Tệp bản quét: " + it.name, "data-item": String(i) });
        var kind = kindSelect(it.kind, "Loại bản: " + it.name);
        var err = el("div", { "class": "field-error", "data-err": "file", role: "alert" });
        var go = el("button", { type: "button", text: "Tải lên" });
        go.addEventListener("click", function () {
          if (!input.files.length) { err.textContent = "Hãy chọn tệp bản quét (PDF, JPEG hoặc PNG)."; return; }
          go.disabled = true;
          storePaper(d.id, it.name, { kind: kind.value, file: input.files[0] }).then(reload)
            .catch(function (e) { err.textContent = e.message; go.disabled = false; });
        });
        cell.appendChild(el("div", { "class": "upload" }, [kind, picker(input, "Chọn tệp quét…"), go, err]));
        reusable.filter(function (f) { return f.item.toLowerCase() === it.name.toLowerCase() && !mine.some(function (m) { return m.sha256 === f.sha256; }); })
          .forEach(function (f) {
            var b = el("button", { type: "button", "data-reuse": f.id, text: reuseLabel(f) + ")" });
            b.addEventListener("click", function () {
              b.disabled = true;
              storePaper(d.id, it.name, { reuse: f.id }).then(reload).catch(function (e) { err.textContent = e.message; b.disabled = false; });
            });
            cell.appendChild(el("div", {}, [b]));
          });
      }
      rows.appendChild(el("tr", {}, [el("td", { text: it.name }), cell]));
    });
    if (canWrite) box.appendChild(phoneButton(d));
    box.appendChild(el("table", { "class": "list" }, [
      el("thead", {}, [el("tr", {}, [el("th", { text: "Thành phần hồ sơ" }), el("th", { text: "Bản số hóa" })])]), rows]));

    var results = files.filter(function (f) { return f.role === "result"; });
    if (results.length || d.status === "decided" || d.status === "returned") {
      box.appendChild(el("h3", { text: "Kết quả giải quyết" }));
      if (results.length) box.appendChild(el("ul", { "class": "plain" }, results.map(fileLine)));
      if (canWrite && (d.status === "decided" || d.status === "returned")) box.appendChild(resultForm(d, reload));
    }
  }

  // phoneButton shows the QR code that opens the phone page for this
  // dossier (ten minutes, as the signed-in clerk).
  function phoneButton(d) {
    var out = el("div", { id: "phone-qr" });
    var b = el("button", { type: "button", id: "phone-link", text: "Chụp bằng điện thoại (mã QR)" });
    b.addEventListener("click", function () {
      request("GET", "/api/motcua/desk/phone-link/" + encodeURIComponent(d.id)).then(function (res) {
        out.textContent = "";
        out.appendChild(el("img", { src: res.qr, alt: "Mã QR mở trang chụp giấy tờ của hồ sơ " + d.code, width: "192", height: "192" }));
        out.appendChild(el("p", { "class": "muted", text: "Quét mã bằng điện thoại nối Wi-Fi của cơ quan; mã dùng được đến " + officeTime(res.expires_at).slice(11) + "." }));
      }).catch(function (e) { out.textContent = e.message; });
    });
    return el("div", { "class": "upload" }, [b, out]);
  }

  function resultForm(d, reload) {
    var number = el("input", { name: "result_number", "aria-label": "Số văn bản kết quả", placeholder: "Số văn bản" });
    var date = el("input", { name: "result_date", "aria-label": "Ngày ký", placeholder: "dd/mm/yyyy" });
    var signer = el("input", { name: "result_signer", "aria-label": "Người ký", placeholder: "Người ký" });
    var input = el("input", { type: "file", name: "file", id: "dg-result-file", accept: "application/pdf,image/jpeg,image/png", "aria-label": "Tệp kết quả" });
    var err = el("div", { "class": "field-error", role: "alert" });
    var go = el("button", { type: "button", text: "Tải lên kết quả" });
    go.addEventListener("click", function () {
      var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date.value.trim());
      if (!m) { err.textContent = "Ngày ký viết theo dạng dd/mm/yyyy."; return; }
      if (!input.files.length) { err.textContent = "Hãy chọn tệp kết quả (PDF, JPEG hoặc PNG)."; return; }
      var form = new FormData();
      form.append("dossier", d.id);
      form.append("role", "result");
      form.append("result_number", number.value);
      form.append("result_date", m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) + " 00:00:00.000Z");
      form.append("result_signer", signer.value);
      form.append("file", input.files[0]);
      go.disabled = true;
      request("POST", URL, form).then(reload).catch(function (e) { err.textContent = e.message; go.disabled = false; });
    });
    return el("div", { "class": "upload" }, [number, date, signer, picker(input, "Chọn tệp kết quả…"), go, err]);
  }

  // ---- at intake ----
  // The intake form (desk.js) offers a file picker per checklist item and,
  // once the applicant's ID number is typed, the papers of that number
  // already digitised in other dossiers. The files go up after the dossier
  // is created (a dossier_files record needs its dossier); a paper that
  // fails is named, the dossier stays.

  // picker wraps the file input (with an id) in its button, in Vietnamese
  // (the browser's own says "Choose Files" in an English Chrome), and the
  // names and sizes of the files chosen; onPick runs when one is chosen.
  function picker(input, text, onPick) {
    var chosen = el("span", { "class": "muted", "data-scan": "chosen", text: "chưa có bản quét" });
    input.addEventListener("change", function () {
      chosen.textContent = input.files.length ? [].map.call(input.files, function (f) { return f.name + " (" + sizeText(f.size) + ")"; }).join(", ")
        : "chưa có bản quét";
      if (input.files.length && onPick) onPick();
    });
    return el("div", { "class": "scan" }, [input, el("label", { "for": input.id, "class": "button small", text: text }), " ", chosen]);
  }

  // intakeCell is the picker of checklist item number i (name) on the
  // intake form, with room for the reuse offer.
  function intakeCell(name, i, onPick) {
    var input = el("input", { type: "file", id: "in-file-" + i, multiple: "multiple", "data-scan": "file",
      accept: "application/pdf,image/jpeg,image/png", capture: "environment", "aria-label": "Bản quét: " + name });
    var cell = picker(input, "Chọn tệp quét…", onPick);
    cell.appendChild(el("div", { "data-scan": "reuse" }));
    return cell;
  }

  // intakeOffer lists in each row (tr with data-name, holding an
  // intakeCell) the still valid papers of idNumber digitised for that item
  // in other dossiers, each with a tick box "Dùng lại …" (onPick(tr) when
  // ticked).
  function intakeOffer(tbody, idNumber, onPick) {
    var boxes = tbody.querySelectorAll('[data-scan="reuse"]');
    boxes.forEach(function (b) { b.textContent = ""; });
    if (!idNumber) return Promise.resolve();
    return reusableFor(idNumber).then(function (res) {
      tbody.querySelectorAll("tr[data-name]").forEach(function (tr) {
        var name = tr.getAttribute("data-name").toLowerCase(), box = tr.querySelector('[data-scan="reuse"]'), seen = {};
        if (!box) return;
        res.items.forEach(function (f) {
          if (f.item.toLowerCase() !== name || seen[f.sha256]) return;
          seen[f.sha256] = true;
          var tick = el("input", { type: "checkbox", "data-reuse": f.id, id: "in-reuse-" + f.id });
          tick.addEventListener("change", function () { if (tick.checked && onPick) onPick(tr); });
          box.appendChild(el("label", { "class": "inline" }, [tick, " " + reuseLabel(f) + ", " + sizeText(f.size || 0) + ")"]));
        });
      });
    }).catch(function () { /* no offer: the clerk scans as usual */ });
  }

  // intakePicks reads what the rows of tbody ask to store: per item, the
  // chosen files and the ticked papers to reuse.
  function intakePicks(tbody) {
    var picks = [];
    tbody.querySelectorAll("tr[data-name]").forEach(function (tr) {
      var item = tr.getAttribute("data-name"), kindBox = tr.querySelector('[data-doc="kind"]');
      var kind = kindBox && KINDS[kindBox.value] ? kindBox.value : "original"; // a paper only shown: scanned from the original
      var input = tr.querySelector('[data-scan="file"]');
      [].forEach.call(input ? input.files : [], function (f) { picks.push({ item: item, kind: kind, file: f }); });
      tr.querySelectorAll("[data-reuse]:checked").forEach(function (b) { picks.push({ item: item, reuse: b.getAttribute("data-reuse") }); });
    });
    return picks;
  }

  // intakeUpload stores picks on dossier d one after the other (progress(i,
  // n) before each) and resolves with the ones that failed, each with the
  // server's message: none is retried silently, none stops the others.
  function intakeUpload(d, picks, progress) {
    var failed = [];
    return picks.reduce(function (chain, p, i) {
      return chain.then(function () {
        if (progress) progress(i + 1, picks.length);
        return storePaper(d.id, p.item, p).catch(function (e) {
          failed.push({ item: p.item, name: p.file ? p.file.name : "bản dùng lại", message: e.message });
        });
      });
    }, Promise.resolve()).then(function () { return failed; });
  }

  window.MotcuaDigitised = { card: card, intakeCell: intakeCell, intakeOffer: intakeOffer, intakePicks: intakePicks, intakeUpload: intakeUpload };
})();
