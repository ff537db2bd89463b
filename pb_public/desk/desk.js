// The staff desk (bàn làm việc): each role's queue, a dossier's page with one
// button per legal step, intake, the printable forms and the findings. It
// works only through the API every client uses (records of `dossiers`,
// `dossier_events`, `procedures`, `findings`, `_superusers`, and Motcua's
// /api/motcua/forms routes), so the role guard, the dossier rules and the
// audit log apply unchanged: this page decides nothing the server would not.
//
// The session is the admin UI's: PocketBase's UI keeps {token, record} in
// localStorage under "__pb_superusers__" + its path ("/_"), and so does this
// page, so signing in (or out) at either is signing in (or out) at both.
//
// Hash routes: #/ (queue, #/viec/<tab>), #/ho-so/<code>, #/tiep-nhan,
// #/phieu/<form>/<code>, #/phat-hien. Dossiers are named by their code,
// never by their internal id.
(function () {
  "use strict";

  var AUTH_KEY = "__pb_superusers__/_";
  var OFFICE_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh, UTC+7 all year (no summer time)

  var ROLE_LABELS = {
    admin: "Quản trị", leader: "Lãnh đạo", specialist: "Công chức chuyên môn",
    receptionist: "Công chức một cửa", inspector: "Kiểm tra"
  };
  var STATUS_LABELS = {
    submitted: "Mới đăng ký", received: "Được tiếp nhận", refused: "Không được tiếp nhận",
    processing: "Đang xử lý", supplement_requested: "Yêu cầu bổ sung giấy tờ",
    payment_requested: "Yêu cầu thực hiện nghĩa vụ tài chính", withdrawal_requested: "Công dân yêu cầu rút hồ sơ",
    stopped: "Dừng xử lý", decided: "Đã xử lý xong", returned: "Đã trả kết quả"
  };
  var ACTION_LABELS = {
    register: "Đăng ký trực tuyến", receive: "Tiếp nhận hồ sơ", refuse: "Từ chối tiếp nhận",
    transfer: "Chuyển xử lý", submit_decision: "Trình lãnh đạo ký", reassign: "Giao lại cán bộ xử lý",
    request_supplement: "Yêu cầu bổ sung hồ sơ", supplement_received: "Nhận hồ sơ bổ sung",
    request_payment: "Yêu cầu thực hiện nghĩa vụ tài chính", paid: "Đã thực hiện nghĩa vụ tài chính",
    decide: "Lãnh đạo đã ký, phê duyệt", "return": "Trả kết quả", request_withdrawal: "Công dân rút hồ sơ",
    stop: "Dừng xử lý hồ sơ", apologize: "Xin lỗi và hẹn lại ngày trả", edit: "Cập nhật thông tin",
    reproject: "Tính lại hạn theo lịch nghỉ", rate: "Công dân đánh giá mức độ hài lòng",
    follow_up: "Xử lý sau đánh giá của công dân"
  };
  var CHANNEL_LABELS = { in_person: "Trực tiếp", online: "Trực tuyến", post: "Bưu chính" };
  var KIND_LABELS = { original: "Bản chính", certified_copy: "Bản sao chứng thực", copy: "Bản sao", presented: "Xuất trình" };
  var RESULT_LABELS = { early: "Trước hạn", on_time: "Đúng hạn", late: "Trễ hạn" };
  var SEVERITY_LABELS = { serious: "Nghiêm trọng", warning: "Cảnh báo", info: "Thông tin" };
  var FORM_NAMES = {
    "01": "01 Giấy tiếp nhận", "02": "02 Yêu cầu bổ sung", "03": "03 Từ chối tiếp nhận",
    "04": "04 Xin lỗi, gia hạn", "05": "05 Dừng giải quyết", "06": "06 Kiểm soát quá trình"
  };
  var OPEN = ["received", "processing", "supplement_requested", "payment_requested"];

  var $ = function (id) { return document.getElementById(id); };
  var state = { user: null, tab: "", tabs: [], items: {}, totals: {}, procedures: null, holidays: null, dossier: null };

  // ---- text, dates, money ----

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // fold drops diacritics and case, so that "nguyen" finds "Nguyễn".
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function parseDate(s) { return s ? new Date(String(s).replace(" ", "T")) : null; }
  // office gives the office-time parts of a moment.
  function office(d) {
    var o = new Date(d.getTime() + OFFICE_OFFSET_MS);
    return { y: o.getUTCFullYear(), m: o.getUTCMonth() + 1, d: o.getUTCDate(), h: o.getUTCHours(), mi: o.getUTCMinutes(), wd: o.getUTCDay() };
  }
  function officeDay(d) { var o = office(d); return o.y + "-" + pad(o.m) + "-" + pad(o.d); }
  function fmtDate(s) { var d = parseDate(s); if (!d) return ""; var o = office(d); return pad(o.d) + "/" + pad(o.m) + "/" + o.y; }
  function fmtDateTime(s) {
    var d = parseDate(s);
    if (!d) return "";
    var o = office(d);
    return pad(o.h) + ":" + pad(o.mi) + " " + pad(o.d) + "/" + pad(o.m) + "/" + o.y;
  }
  function toAPI(d) { return d.toISOString().replace("T", " "); }
  // parseOfficeTime reads "dd/mm/yyyy HH:MM" typed in office time.
  function parseOfficeTime(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})\s*$/.exec(text || "");
    if (!m) return null;
    var day = +m[1], mon = +m[2], y = +m[3], h = +m[4], mi = +m[5];
    var d = new Date(Date.UTC(y, mon - 1, day, h, mi) - OFFICE_OFFSET_MS);
    var o = office(d);
    if (o.d !== day || o.m !== mon || o.y !== y || h > 23 || mi > 59) return null;
    return d;
  }
  // count writes a whole number the Vietnamese way: 15.000.
  function count(n) { return String(Math.round(Number(n) || 0)).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function money(n) { return count(n) + " đ"; }
  function dueTag(d) {
    if (!d.due_at || OPEN.concat(["submitted"]).indexOf(d.status) < 0) return null;
    var due = parseDate(d.due_at);
    if (due < new Date()) return el("span", { "class": "tag bad", text: "Quá hạn" });
    if (officeDay(due) === officeDay(new Date())) return el("span", { "class": "tag today", text: "Đến hạn hôm nay" });
    return null;
  }
  function isOverdue(d) { return d.due_at && OPEN.indexOf(d.status) >= 0 && parseDate(d.due_at) < new Date(); }

  // ---- API ----

  function session() {
    try {
      var v = JSON.parse(localStorage.getItem(AUTH_KEY) || "null");
      if (v && v.token) return { token: v.token, record: v.record || v.model || {} };
    } catch (e) { /* not ours */ }
    return null;
  }
  function saveSession(token, record) { localStorage.setItem(AUTH_KEY, JSON.stringify({ token: token, record: record })); }

  function ApiError(status, body) {
    this.status = status;
    this.message = (body && body.message) || ("Lỗi máy chủ (" + status + ").");
    this.data = (body && body.data) || {};
  }

  function api(method, path, body) {
    var s = session();
    var opts = { method: method, headers: {} };
    if (s) opts.headers.Authorization = s.token;
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (res.status === 401 && path.indexOf("auth-with-password") < 0) {
          showSignin("Phiên đăng nhập đã hết: vui lòng đăng nhập lại.");
        }
        if (!res.ok) throw new ApiError(res.status, data);
        return data;
      });
    }, function () {
      throw new ApiError(0, { message: "Không kết nối được máy chủ: kiểm tra mạng rồi thử lại." });
    });
  }
  function q(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== ""; })
      .map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
  }
  function list(collection, params) {
    return api("GET", "/api/collections/" + collection + "/records?" + q(params));
  }
  function quote(s) { return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"'; }

  // PocketBase's own validation errors come in English; the desk shows them
  // in Vietnamese by their code (Motcua's rules already answer in Vietnamese).
  var PB_CODES = {
    validation_required: "Cần nhập mục này.",
    validation_nil_or_not_empty_required: "Cần nhập mục này.",
    validation_is_email: "Thư điện tử không đúng dạng (ví dụ: ten@example.com).",
    validation_max_text_constraint: "Nội dung quá dài.",
    validation_min_text_constraint: "Nội dung quá ngắn.",
    validation_invalid_format: "Giá trị không đúng định dạng.",
    validation_only_int_constraint: "Chỉ nhập số nguyên.",
    validation_min_greater_equal_than_required: "Giá trị quá nhỏ.",
    validation_max_less_equal_than_required: "Giá trị quá lớn.",
    validation_invalid_date: "Ngày giờ không hợp lệ.",
    validation_missing_rel_records: "Mục đã chọn không còn tồn tại.",
    validation_invalid_value: "Giá trị không hợp lệ."
  };
  var PB_MESSAGES = {
    "Failed to create record.": "Không lưu được hồ sơ: hãy sửa các mục được đánh dấu.",
    "Failed to update record.": "Không lưu được thay đổi: hãy sửa các mục được đánh dấu.",
    "Something went wrong while processing your request.": "Có lỗi khi xử lý yêu cầu: hãy thử lại.",
    "The requested resource wasn't found.": "Không tìm thấy dữ liệu yêu cầu.",
    "An error occurred while validating the submitted data.": "Dữ liệu chưa hợp lệ: hãy sửa các mục được đánh dấu."
  };
  function vietnamese(e) {
    if (!e) return "";
    if (e.code && PB_CODES[e.code]) return PB_CODES[e.code];
    return PB_MESSAGES[e.message] || e.message;
  }

  // showErrors puts each field error of the server next to the field it names
  // (an element with data-err="<field>" inside root), the rest in "_form".
  function showErrors(root, err) {
    clearErrors(root);
    var general = root.querySelector('[data-err="_form"]');
    var placed = false;
    Object.keys(err.data || {}).forEach(function (field) {
      var msg = vietnamese(err.data[field]) || vietnamese(err);
      var box = root.querySelector('[data-err="' + field + '"]');
      if (box) {
        box.textContent = msg;
        var input = root.querySelector('[name="' + field + '"]');
        if (input) { input.setAttribute("aria-invalid", "true"); if (!placed) input.focus(); }
        placed = true;
      } else if (general) {
        general.textContent = msg;
        placed = true;
      }
    });
    if (!placed && general) general.textContent = vietnamese(err);
  }
  function clearErrors(root) {
    root.querySelectorAll("[data-err]").forEach(function (e) { e.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
  }
  function fieldError(root, field, msg) {
    showErrors(root, { data: (function () { var o = {}; o[field] = { message: msg }; return o; })(), message: msg });
  }

  function flash(text, bad) {
    var f = $("flash");
    f.textContent = text || "";
    f.className = "flash" + (bad ? " bad" : "");
    f.hidden = !text;
  }

  // ---- views ----

  var VIEWS = ["view-signin", "view-queue", "view-dossier", "view-intake", "view-form", "view-findings"];
  function show(id) {
    VIEWS.forEach(function (v) { $(v).hidden = v !== id; });
    document.querySelectorAll("#nav a[data-nav]").forEach(function (a) {
      var on = ("view-" + a.getAttribute("data-nav")) === id;
      if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
  }

  function showSignin(message) {
    state.user = null;
    $("nav").hidden = true;
    $("signout").hidden = true;
    $("who").textContent = "";
    show("view-signin");
    var form = $("signin-form");
    clearErrors(form);
    if (message) form.querySelector('[data-err="_form"]').textContent = message;
    $("si-email").focus();
  }

  function signedIn(record) {
    state.user = record;
    $("who").textContent = (record.name || record.email) + " · " + (ROLE_LABELS[record.role] || "Chưa được phân quyền");
    $("nav").hidden = false;
    $("signout").hidden = false;
    document.querySelectorAll("#nav [data-roles]").forEach(function (a) {
      a.hidden = a.getAttribute("data-roles").split(" ").indexOf(record.role) < 0;
    });
  }
  function role() { return state.user ? state.user.role : ""; }

  function route() {
    flash("");
    if (!state.user) return;
    var parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    switch (parts[0]) {
      case "ho-so": return openDossier(parts[1]);
      case "tiep-nhan": return openIntake();
      case "phieu": return openForm(parts[1], parts.slice(2).join("/"));
      case "phat-hien": return openFindings($("findings-body"), $("findings-status"), "view-findings");
      default: return openQueue(parts[0] === "viec" ? parts[1] : "");
    }
  }

  // ---- queues ----

  function me() { return quote(state.user.id); }
  function soon(days) { return quote(toAPI(new Date(Date.now() + days * 86400000))); }
  function openFilter() { return "(" + OPEN.map(function (s) { return "status=" + quote(s); }).join(" || ") + ")"; }

  // queuesFor lists the tabs of a role: what waits for that role's step.
  function queuesFor(r) {
    var counter = [
      { id: "cho-tiep-nhan", label: "Đăng ký trực tuyến chờ tiếp nhận", filter: "status='submitted'" },
      { id: "moi-tiep-nhan", label: "Đã tiếp nhận, chờ chuyển xử lý", filter: "status='received' && assignee=''" },
      { id: "cho-bo-sung", label: "Chờ công dân bổ sung", filter: "status='supplement_requested'" },
      { id: "cho-nop-phi", label: "Chờ nộp phí", filter: "status='payment_requested'" },
      { id: "cho-tra", label: "Chờ trả kết quả", filter: "status='decided' || status='withdrawal_requested'" }
    ];
    var specialist = [
      { id: "duoc-giao", label: "Được giao xử lý", filter: "assignee=" + me() + " && (status='processing' || status='received')" },
      { id: "cho-cong-dan", label: "Chờ công dân bổ sung, nộp phí", filter: "assignee=" + me() + " && (status='supplement_requested' || status='payment_requested')" }
    ];
    var leader = [
      { id: "trinh-ky", label: "Chờ ký duyệt", filter: "assignee=" + me() + " && status='processing'" },
      { id: "xin-loi", label: "Sắp đến hạn, cần xin lỗi – hẹn lại", filter: openFilter() + " && due_at<" + soon(3) + " && new_due_at=''" },
      { id: "phat-hien", label: "Phát hiện cần xử lý", findings: true }
    ];
    var inspector = [
      { id: "phat-hien", label: "Phát hiện đang mở", findings: true },
      { id: "qua-han", label: "Hồ sơ quá hạn chưa xong", filter: openFilter() + " && due_at<" + quote(toAPI(new Date())) }
    ];
    var all = { id: "tat-ca", label: "Hồ sơ mới tiếp nhận gần đây", filter: "", sort: "-received_at" };
    var tabs = { receptionist: counter, specialist: specialist, leader: leader, inspector: inspector,
      admin: counter.concat(leader.slice(0, 2)) }[r] || [];
    return tabs.concat([all]);
  }

  // ---- search: on the server, every dossier the signed-in person may read ----

  // SEARCH is the tab of the search's results, first while a search is typed.
  var SEARCH = { id: "tim-kiem", label: "Kết quả tìm kiếm", search: true };
  var searchSeq = 0, searchTimer = null;

  // searchWords splits the search as the server folds search_text
  // (internal/vntext): no diacritics, lower case, dots kept.
  function searchWords() { return fold($("q").value).split(/[^a-z0-9.]+/).filter(Boolean); }

  // loadSearch asks the records API for the dossiers whose computed
  // search_text holds every word: the role guard decides the reach as for
  // any other list.
  function loadSearch() {
    return list("dossiers", {
      filter: searchWords().map(function (w) { return "search_text~" + quote(w); }).join(" && "),
      sort: "-received_at", perPage: 100, expand: "procedure,assignee"
    });
  }

  // runSearch shows the results tab for what is typed, or drops it when the
  // box is emptied.
  function runSearch() {
    var seq = ++searchSeq;
    if (!searchWords().length) {
      if (state.tabs.some(function (t) { return t.search; })) {
        state.tabs = state.tabs.filter(function (t) { return !t.search; });
        if (state.tab === SEARCH.id) state.tab = state.tabs[0].id;
        renderTabs();
        renderQueue();
      }
      return Promise.resolve();
    }
    $("view-queue").setAttribute("data-ready", "0");
    return loadSearch().then(function (res) {
      if (seq !== searchSeq) return;
      state.items[SEARCH.id] = res.items;
      state.totals[SEARCH.id] = res.totalItems;
      if (!state.tabs.some(function (t) { return t.search; })) state.tabs = [SEARCH].concat(state.tabs);
      // Findings are searched in their own tab; dossiers in the results.
      var current = state.tabs.filter(function (t) { return t.id === state.tab; })[0];
      if (!current || !current.findings) state.tab = SEARCH.id;
      renderTabs();
      renderQueue();
      $("view-queue").setAttribute("data-ready", "1");
    }).catch(function (err) { $("queue-status").textContent = err.message; });
  }

  function openQueue(tab) {
    show("view-queue");
    state.tabs = (searchWords().length ? [SEARCH] : []).concat(queuesFor(role()));
    state.tab = tab || state.tab || state.tabs[0].id;
    if (!state.tabs.some(function (t) { return t.id === state.tab; })) state.tab = state.tabs[0].id;
    $("queue-status").textContent = "Đang tải…";
    $("view-queue").setAttribute("data-ready", "0");
    renderTabs();
    if (role() === "admin") loadReplica();
    Promise.all(state.tabs.map(function (t) {
      if (t.search) {
        return loadSearch().then(function (res) { state.items[t.id] = res.items; state.totals[t.id] = res.totalItems; });
      }
      if (t.findings) {
        return list("findings", { filter: "status!='resolved'", sort: "-last_seen", perPage: 200 })
          .then(function (res) { state.items[t.id] = res.items; state.totals[t.id] = res.totalItems; });
      }
      return list("dossiers", { filter: t.filter, sort: t.sort || "due_at,received_at", perPage: t.sort ? 50 : 500, expand: "procedure,assignee" })
        .then(function (res) { state.items[t.id] = res.items; state.totals[t.id] = res.totalItems; });
    })).then(function () {
      $("queue-status").textContent = "";
      renderTabs();
      renderQueue();
      $("view-queue").setAttribute("data-ready", "1");
    }).catch(function (err) { $("queue-status").textContent = err.message; });
  }

  // loadReplica shows the admin, above the queues, where continuous
  // replication stands (GET /api/motcua/replica, the IT officer's only):
  // off, failing, behind, or caught up, in words.
  function loadReplica() {
    var box = $("replica-status");
    // Go writes an unknown time as year 1.
    var known = function (t) { return t && t.indexOf("0001-") !== 0; };
    api("GET", "/api/motcua/replica").then(function (st) {
      box.hidden = false;
      box.className = "flash" + (!st.configured || st.failing ? " bad" : st.lag_ms > 60000 ? " warn" : "");
      box.setAttribute("data-state", !st.configured ? "off" : st.failing ? "failing" : st.in_sync ? "in-sync" : "behind");
      var head = st.audit_head ? " Đầu chuỗi nhật ký kiểm toán: #" + count(st.audit_head.seq) + "." : "";
      if (!st.configured) {
        box.textContent = "Sao lưu liên tục: chưa bật. Nếu máy chủ hỏng, dữ liệu chỉ còn ở bản sao lưu gần nhất. " +
          "Bật bằng settings.replica trong bản ghi cơ quan (hoặc motcua serve --replica)." + head;
      } else if (st.failing) {
        box.textContent = "Sao lưu liên tục tới " + st.url + " đang lỗi từ " + fmtDateTime(st.last_error_at) + ": " + st.last_error +
          ". Lần đồng bộ gần nhất: " + (known(st.caught_up_at) ? fmtDateTime(st.caught_up_at) : "chưa có") + "." + head;
      } else if (st.in_sync) {
        box.textContent = "Sao lưu liên tục tới " + st.url + ": đã đồng bộ lúc " + fmtDateTime(st.caught_up_at) + "." + head;
      } else {
        box.textContent = "Sao lưu liên tục tới " + st.url + ": " + (st.lag_ms < 60000 ? "đang đồng bộ" : "bản sao chậm " + count(st.lag_ms / 60000) + " phút") +
          " (lần đồng bộ gần nhất lúc " + (known(st.caught_up_at) ? fmtDateTime(st.caught_up_at) : "chưa có") + ")." + head;
      }
    }).catch(function () { box.hidden = true; });
  }

  function matches(t) {
    var items = state.items[t.id] || [];
    var needle = fold($("q").value);
    if (!needle || t.search) return items;
    var digits = needle.replace(/\D/g, "");
    return items.filter(function (d) {
      if (t.findings) return fold([d.subject_label, d.message].join(" ")).indexOf(needle) >= 0;
      var hay = fold([d.code, d.applicant_name, d.applicant_phone, d.applicant_id_number].join(" "));
      var phone = String(d.applicant_phone || "").replace(/\D/g, "");
      return hay.indexOf(needle) >= 0 || (digits.length >= 3 && phone.indexOf(digits) >= 0);
    });
  }

  // renderTabs updates the tabs in place (a click or the focus on a tab is
  // not lost when the counts arrive), building them once per role.
  function renderTabs() {
    var box = $("tabs");
    var ids = state.tabs.map(function (t) { return t.id; }).join(" ");
    if (box.getAttribute("data-ids") !== ids) {
      box.textContent = "";
      box.setAttribute("data-ids", ids);
    }
    state.tabs.forEach(function (t) {
      // The count is the server's total; while searching, the matches.
      var n = !state.items[t.id] ? "…" : $("q").value.trim() && !t.search ? matches(t).length : state.totals[t.id];
      var old = box.querySelector('[data-tab="' + t.id + '"]');
      if (old) {
        old.setAttribute("aria-selected", String(t.id === state.tab));
        old.querySelector(".count").textContent = String(n);
        return;
      }
      var b = el("button", { type: "button", role: "tab", "aria-selected": String(t.id === state.tab), "data-tab": t.id },
        [t.label, el("span", { "class": "count", text: String(n) })]);
      b.addEventListener("click", function () { location.hash = "#/viec/" + t.id; });
      box.appendChild(b);
    });
  }

  function renderQueue() {
    var t = state.tabs.filter(function (x) { return x.id === state.tab; })[0];
    var body = $("queue-body");
    body.textContent = "";
    var shown = (state.items[t.id] || []).length;
    if (state.totals[t.id] > shown) {
      body.appendChild(el("p", { "class": "muted", text: "Hiển thị " + shown + " mục đầu tiên trong " + state.totals[t.id] + " mục; tìm theo mã, tên hoặc điện thoại để thu hẹp." }));
    }
    if (t.findings) { renderFindings(body, matches(t), true); return; }
    var items = matches(t);
    if (!items.length) {
      body.appendChild(el("p", { "class": "muted", text: $("q").value ? "Không có hồ sơ nào khớp với nội dung tìm." : "Không có hồ sơ nào đang chờ." }));
      return;
    }
    var tbody = el("tbody");
    items.forEach(function (d) {
      var ex = d.expand || {};
      var tr = el("tr", { "class": isOverdue(d) ? "overdue" : "" }, [
        el("td", {}, [el("a", { "class": "code", href: "#/ho-so/" + encodeURIComponent(d.code), text: d.code })]),
        el("td", {}, [d.applicant_name, d.applicant_phone ? el("div", { "class": "muted", text: d.applicant_phone }) : null]),
        el("td", { text: ex.procedure ? ex.procedure.name : "" }),
        el("td", {}, [el("span", { "class": "status-pill", text: STATUS_LABELS[d.status] || d.status })]),
        el("td", { text: ex.assignee ? (ex.assignee.name || ex.assignee.email) : "" }),
        el("td", { "class": "due" }, [fmtDateTime(d.due_at), dueTag(d)])
      ]);
      tbody.appendChild(tr);
    });
    body.appendChild(el("table", { "class": "list" }, [
      el("thead", {}, [el("tr", {}, ["Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Cán bộ xử lý", "Hạn trả kết quả"].map(function (h) { return el("th", { text: h }); }))]),
      tbody
    ]));
  }

  // ---- findings ----

  function openFindings(body, status, view) {
    show(view);
    status.textContent = "Đang tải…";
    list("findings", { filter: "status!='resolved'", sort: "-last_seen", perPage: 200 }).then(function (res) {
      status.textContent = res.items.length ? "" : "Không có phát hiện nào đang mở.";
      renderFindings(body, res.items);
    }).catch(function (err) { status.textContent = err.message; });
  }

  function renderFindings(body, items, keep) {
    if (!keep) body.textContent = "";
    if (!items.length) { body.appendChild(el("p", { "class": "muted", text: "Không có phát hiện nào đang mở." })); return; }
    var canResolve = role() === "leader" || role() === "admin";
    var tbody = el("tbody");
    items.forEach(function (f) {
      var subject = f.subject_label || "";
      // A dossier's finding is labelled "<code> — <procedure>"; its evidence names the code.
      var code = f.subject_collection === "dossiers" ? ((f.evidence && f.evidence.code) || subject.split(" — ")[0]) : "";
      var subjectCell = code
        ? el("span", {}, [el("a", { "class": "code", href: "#/ho-so/" + encodeURIComponent(code), text: code }),
          el("div", { "class": "hint", text: subject.slice(code.length).replace(/^ — /, "") })]) : subject;
      var btn = null;
      if (canResolve) {
        btn = el("button", { type: "button", text: "Đã xử lý…" });
        btn.addEventListener("click", function () { resolveFinding(f); });
      }
      tbody.appendChild(el("tr", { "class": f.severity === "serious" ? "overdue" : "", "data-rule": f.rule, "data-subject": code || subject }, [
        el("td", { text: SEVERITY_LABELS[f.severity] || f.severity }),
        el("td", {}, [subjectCell]),
        el("td", {}, [f.message, f.action_hint ? el("div", { "class": "hint", text: "Cách khắc phục: " + f.action_hint }) : null]),
        el("td", { text: fmtDate(f.first_seen) }),
        el("td", {}, [btn])
      ]));
    });
    body.appendChild(el("table", { "class": "list findings" }, [
      el("thead", {}, [el("tr", {}, ["Mức độ", "Đối tượng", "Nội dung", "Phát hiện ngày", ""].map(function (h) { return el("th", { text: h }); }))]),
      tbody
    ]));
  }

  function resolveFinding(f) {
    openDialog({
      title: "Đóng phát hiện", help: f.message,
      fields: [{ name: "resolution_note", label: "Nội dung đã xử lý", type: "textarea", required: true }],
      submit: function (values) {
        return api("PATCH", "/api/collections/findings/records/" + f.id, { status: "resolved", resolution_note: values.resolution_note });
      },
      done: function () { route(); flash("Đã đóng phát hiện."); }
    });
  }

  // ---- a dossier ----

  function findDossier(code) {
    return list("dossiers", { filter: "code=" + quote(code), perPage: 1, expand: "procedure,assignee,received_by" }).then(function (res) {
      if (!res.items.length) throw new ApiError(404, { message: "Không tìm thấy hồ sơ " + code + "." });
      return res.items[0];
    });
  }

  function openDossier(code) {
    var view = $("view-dossier");
    show("view-dossier");
    view.textContent = "";
    view.appendChild(el("p", { "class": "muted", text: "Đang tải hồ sơ…" }));
    findDossier(code).then(function (d) {
      state.dossier = d;
      return Promise.all([
        list("dossier_events", { filter: "dossier=" + quote(d.id), sort: "at", perPage: 500 }),
        fetch("/api/motcua/forms/06/" + encodeURIComponent(d.code), { method: "GET", headers: { Authorization: session().token } })
          .then(function (res) { return (res.headers.get("X-Motcua-Forms") || "").split(",").filter(Boolean); })
          .catch(function () { return []; }),
        // The steps this person may take now: the server's answer, from the
        // rules the dossier hooks apply (GET /api/motcua/desk/steps).
        api("GET", "/api/motcua/desk/steps/" + encodeURIComponent(d.code)),
        list("outbox", { filter: "dossier=" + quote(d.id), sort: "created", perPage: 200 }).catch(function () { return { items: [] }; })
      ]).then(function (r) { renderDossier(d, r[0].items, r[1], r[2].steps); renderMessages(d, r[3].items); });
    }).catch(function (err) {
      view.textContent = "";
      view.appendChild(el("p", { "class": "flash bad", text: err.message }));
    });
  }

  function kv(pairs) {
    var dl = el("dl", { "class": "kv" });
    pairs.forEach(function (p) {
      if (p[1] === "" || p[1] === null || p[1] === undefined) return;
      dl.appendChild(el("dt", { text: p[0] }));
      dl.appendChild(el("dd", {}, [p[1]]));
    });
    return dl;
  }

  function docList(v) {
    var docs = Array.isArray(v) ? v : [];
    if (!docs.length) return "";
    return el("ul", { "class": "plain" }, docs.map(function (x) {
      if (typeof x === "string") return el("li", { text: x });
      var extra = [KIND_LABELS[x.kind], x.count ? x.count + " bản" : ""].filter(Boolean).join(", ");
      return el("li", { text: x.name + (extra ? " (" + extra + ")" : "") });
    }));
  }

  function renderDossier(d, events, formsList, offers) {
    var ex = d.expand || {};
    var view = $("view-dossier");
    view.textContent = "";
    view.appendChild(el("div", { "class": "dossier-head" }, [
      el("h1", { text: d.code }),
      el("span", { "class": "status-pill", id: "dossier-status", text: STATUS_LABELS[d.status] || d.status }),
      dueTag(d),
      el("a", { href: "#/", text: "← Việc của tôi" })
    ]));

    var steps = el("div", { "class": "steps", id: "steps", role: "group", "aria-label": "Các bước được thực hiện" });
    offers.forEach(function (s) {
      var b = el("button", { type: "button", "class": "primary", "data-step": s.key, text: s.label + (s.fields.length ? "…" : "") });
      b.addEventListener("click", function () { takeStep(d, s); });
      steps.appendChild(b);
    });
    if (!steps.childNodes.length) steps.appendChild(el("p", { "class": "muted", text: d.status === "returned" || d.status === "refused" || d.status === "stopped"
      ? "Hồ sơ đã kết thúc." : "Hồ sơ đang chờ bước của người khác." }));
    view.appendChild(steps);

    var due = [fmtDateTime(d.due_at)];
    var left = el("div", {}, [
      el("div", { "class": "card" }, [
        el("h2", { text: "Thông tin hồ sơ" }),
        kv([
          ["Thủ tục", ex.procedure ? ex.procedure.name : ""],
          ["Người nộp", d.applicant_name],
          ["Điện thoại", d.applicant_phone],
          ["Số định danh / CCCD", d.applicant_id_number],
          ["Địa chỉ", d.applicant_address],
          ["Thư điện tử", d.applicant_email],
          ["Nhận thông báo", d.notify_consent ? "Đồng ý nhận qua SMS, thư điện tử" : "Không đăng ký"],
          ["Hình thức nộp", CHANNEL_LABELS[d.channel] || ""],
          ["Tiếp nhận lúc", fmtDateTime(d.received_at)],
          ["Người tiếp nhận", ex.received_by ? (ex.received_by.name || ex.received_by.email) : ""],
          ["Cán bộ xử lý", ex.assignee ? (ex.assignee.name || ex.assignee.email) + " · " + (ROLE_LABELS[ex.assignee.role] || "") : ""],
          ["Số bộ hồ sơ", d.sets ? String(d.sets) : ""],
          ["Phí, lệ phí", d.fee ? money(d.fee) : ""],
          ["Giấy tờ đã nhận", docList(d.documents)],
          ["Giấy tờ cần bổ sung", d.status === "supplement_requested" ? docList(d.missing_items) : ""],
          ["Ghi chú", d.note],
          ["Người nhận kết quả", d.returned_to],
          ["Kết quả", d.result_class ? RESULT_LABELS[d.result_class] + " (kết thúc " + fmtDateTime(d.ended_at) + ")" : ""]
        ])
      ]),
      el("div", { "class": "card" }, [
        el("h2", { text: "Thời hạn" }),
        kv([
          ["Hạn trả kết quả", el("span", { id: "dossier-due" }, due)],
          ["Hạn ban đầu", d.original_due_at && d.original_due_at !== d.due_at ? fmtDateTime(d.original_due_at) : ""],
          ["Hẹn lại (phiếu 04)", d.new_due_at ? fmtDateTime(d.new_due_at) + " — " + d.apology_reason : ""],
          ["Đang tạm dừng tính hạn", d.paused_at ? "từ " + fmtDateTime(d.paused_at) + " (chờ bổ sung)" : ""]
        ]),
        d.due_explanation ? el("p", { "class": "explain", text: d.due_explanation }) : null
      ])
    ]);

    var formLinks = el("div", { "class": "tabs small" }, formsList.filter(function (f) { return FORM_NAMES[f]; }).map(function (f) {
      return el("a", { href: "#/phieu/" + f + "/" + encodeURIComponent(d.code), text: FORM_NAMES[f] });
    }));
    var timeline = el("ol", { "class": "timeline", id: "timeline" }, events.map(function (ev) {
      var move = ev.from_status && ev.to_status && ev.from_status !== ev.to_status
        ? (STATUS_LABELS[ev.from_status] || "") + " → " + (STATUS_LABELS[ev.to_status] || "") : "";
      return el("li", {}, [
        el("div", { "class": "when", text: fmtDateTime(ev.at) + " · " + (ev.actor_name || "Hệ thống") }),
        el("div", { "class": "what", text: ACTION_LABELS[ev.action] || "Bước khác" }),
        move ? el("div", { "class": "muted", text: move }) : null,
        ev.note && ev.action !== "edit" ? el("div", { text: ev.note }) : null
      ]);
    }));
    var history = el("details", { "class": "card", id: "history" }, [el("summary", { text: "Nhật ký kiểm toán của hồ sơ" })]);
    history.addEventListener("toggle", function () { if (history.open) loadHistory(d, history); });
    var right = el("div", {}, [
      el("div", { "class": "card" }, [el("h2", { text: "Phiếu in" }), formLinks]),
      el("div", { "class": "card" }, [el("h2", { text: "Quá trình giải quyết (phiếu 06)" }), timeline]),
      history
    ]);
    // The digitised papers and result (digitised.js, hooks/files).
    if (window.MotcuaDigitised) left.appendChild(window.MotcuaDigitised.card(d, role()));
    view.appendChild(el("div", { "class": "grid2" }, [left, right]));
    var first = steps.querySelector("button");
    if (first) first.focus();
  }

  var OUTBOX_STATES = { queued: "Chờ gửi", sent: "Đã gửi", failed: "Gửi lỗi, sẽ gửi lại", given_up: "Đã ngừng gửi" };
  var OUTBOX_CHANNELS = { email: "Thư điện tử", sms: "Tin nhắn SMS" };

  // renderMessages adds the messages sent to the citizen about the dossier
  // (the outbox, hooks/notify) under its timeline: what, to whom, and
  // whether it went.
  function renderMessages(d, items) {
    var grid = $("view-dossier").querySelector(".grid2");
    if (!grid || !grid.lastChild) return;
    var card = el("div", { "class": "card", id: "messages" }, [el("h2", { text: "Thông báo cho người dân" })]);
    if (!items.length) {
      card.appendChild(el("p", { "class": "muted", text: d.notify_consent
        ? "Chưa có thông báo nào." : "Người nộp không đăng ký nhận thông báo." }));
    }
    var ol = el("ol", { "class": "timeline" }, items.map(function (m) {
      var state = OUTBOX_STATES[m.state] || m.state;
      if (m.state === "sent" && m.sent_at) state += " lúc " + fmtDateTime(m.sent_at);
      if (m.attempts > 1 || m.state === "failed" || m.state === "given_up") state += " (" + m.attempts + " lần gửi)";
      return el("li", { "data-state": m.state }, [
        el("div", { "class": "when", text: fmtDateTime(m.created) + " · " + (OUTBOX_CHANNELS[m.channel] || m.channel) + " · " + m.to }),
        el("div", { "class": "what", text: state }),
        el("div", { text: m.body }),
        m.last_error ? el("div", { "class": m.state === "sent" ? "muted" : "error", text: "Lỗi gần nhất: " + m.last_error }) : null
      ]);
    }));
    if (items.length) card.appendChild(ol);
    grid.lastChild.appendChild(card);
  }

  var FIELD_LABELS = {
    code: "Mã hồ sơ", procedure: "Thủ tục", applicant_name: "Họ tên người nộp", applicant_phone: "Điện thoại",
    applicant_id_number: "Số định danh", applicant_address: "Địa chỉ", applicant_email: "Thư điện tử",
    channel: "Hình thức nộp", status: "Trạng thái", received_at: "Thời điểm tiếp nhận", due_at: "Hạn trả kết quả",
    original_due_at: "Hạn ban đầu", new_due_at: "Ngày hẹn mới", assignee: "Cán bộ xử lý", received_by: "Người tiếp nhận",
    note: "Ghi chú", documents: "Giấy tờ đã nhận", sets: "Số bộ", fee: "Phí, lệ phí", missing_items: "Giấy tờ cần bổ sung",
    paused_at: "Tạm dừng tính hạn", paused_seconds: "Thời gian tạm dừng", supplement_count: "Số lần yêu cầu bổ sung",
    apology_at: "Ngày lập phiếu xin lỗi", apology_reason: "Lý do chậm trễ", ended_at: "Thời điểm kết thúc",
    result_class: "Kết quả", returned_to: "Người nhận kết quả", due_explanation: "Cách tính hạn", print_url: "Liên kết in", desk_url: "Liên kết bàn làm việc",
    rating: "Đánh giá", rating_comment: "Ý kiến đánh giá", rating_criteria: "Tiêu chí đánh giá", rated_at: "Thời điểm đánh giá",
    rating_followup: "Xử lý sau đánh giá", log_book: "Sổ theo dõi", notify_consent: "Đồng ý nhận thông báo"
  };
  var AUDIT_ACTIONS = { create: "Tạo hồ sơ", update: "Cập nhật", "delete": "Xóa" };

  // loadHistory shows the audit log's entries of the dossier (its own rows;
  // the steps' rows are the timeline above): who changed which fields.
  function loadHistory(d, box) {
    if (box.getAttribute("data-loaded")) return;
    box.setAttribute("data-loaded", "1");
    var body = el("ol", { "class": "timeline" });
    box.appendChild(body);
    api("GET", "/api/motcua/dossiers/" + encodeURIComponent(d.id) + "/history").then(function (res) {
      res.entries.filter(function (x) { return x.collection === "dossiers"; }).forEach(function (x) {
        var changes = {};
        try { changes = typeof x.changes === "string" ? JSON.parse(x.changes) : (x.changes || {}); } catch (e) { changes = {}; }
        var fields = Object.keys(changes || {}).filter(function (k) { return k !== "updated" && k !== "created" && k !== "id" && k !== "search_text"; });
        var status = changes.status && changes.status.after ? (STATUS_LABELS[changes.status.before] || "—") + " → " + (STATUS_LABELS[changes.status.after] || "") : "";
        body.appendChild(el("li", {}, [
          el("div", { "class": "when", text: fmtDateTime(x.at) + " · " + (x.actor_name || x.actor_email || "Hệ thống") +
            (ROLE_LABELS[x.actor_role] ? " (" + ROLE_LABELS[x.actor_role] + ")" : "") }),
          el("div", { "class": "what", text: (AUDIT_ACTIONS[x.action] || "Thay đổi") + " · mục số " + x.seq + " của nhật ký" }),
          status ? el("div", { "class": "muted", text: status }) : null,
          x.action === "update" && fields.length ? el("div", { text: "Đổi: " + fields.map(function (k) { return FIELD_LABELS[k] || "thông tin khác"; }).join(", ") }) : null
        ]));
      });
    }).catch(function (err) { body.appendChild(el("li", { text: err.message })); });
  }

  function takeStep(d, s) {
    var run = function (values) {
      var body = Object.assign({}, s.set);
      Object.keys(values).forEach(function (k) { body[k] = values[k]; });
      return api("PATCH", "/api/collections/dossiers/records/" + d.id, body);
    };
    var done = function () {
      if (s.form) { location.hash = "#/phieu/" + s.form + "/" + encodeURIComponent(d.code); return; }
      flash("Đã thực hiện bước \"" + s.label + "\" cho hồ sơ " + d.code + ".");
      openDossier(d.code);
    };
    openDialog({ title: s.label + " — hồ sơ " + d.code, help: STATUS_LABELS[d.status], fields: s.fields, dossier: d,
      check: s.action === "apologize" ? function (values) { return checkNewDate(d, values.new_due_at); } : null,
      preview: s.preview ? function (values) {
        return fetchSheet("/api/motcua/desk/preview/" + s.preview + "/" + encodeURIComponent(d.code) + "?" + q(values));
      } : null,
      submit: run, done: done });
  }

  // ---- the step dialog ----

  var dialogOpts = null;

  function openDialog(opts) {
    dialogOpts = opts;
    var dlg = $("step-dialog"), form = $("step-form"), box = $("step-fields");
    $("step-title").textContent = opts.title;
    $("step-help").textContent = opts.help || "";
    $("step-help").hidden = !opts.help;
    box.textContent = "";
    clearErrors(form);
    var pending = [];
    (opts.fields || []).forEach(function (f) {
      var id = "step-" + f.name;
      box.appendChild(el("label", { "for": id, text: f.label }));
      var input;
      if (f.type === "textarea" || f.type === "lines") input = el("textarea", { id: id, name: f.name });
      else if (f.type === "staff") {
        input = el("select", { id: id, name: f.name }, [el("option", { value: "", text: "Đang tải danh sách cán bộ…" })]);
        pending.push(fillStaff(input, f.staff));
      } else input = el("input", { id: id, name: f.name, autocomplete: "off", placeholder: f.type === "officetime" ? "dd/mm/yyyy HH:MM" : null });
      if (f.required) input.setAttribute("aria-required", "true");
      if (f.initial) input.value = f.initial;
      box.appendChild(input);
      box.appendChild(el("p", { "class": "error", "data-err": f.name, role: "alert" }));
    });
    if (!(opts.fields || []).length) box.appendChild(el("p", { text: "Bấm Xác nhận (hoặc Enter) để thực hiện bước này." }));
    $("step-ok").disabled = false;
    $("step-preview").hidden = !opts.preview;
    $("step-sheet").textContent = "";
    dlg.showModal();
    var first = box.querySelector("input, textarea, select");
    (first || $("step-ok")).focus();
    Promise.all(pending).then(function () { if (first && first.tagName === "SELECT") first.focus(); });
  }

  function fillStaff(select, roles) {
    var filter = roles.map(function (r) { return "role=" + quote(r); }).join(" || ");
    return list("_superusers", { filter: filter, sort: "name", perPage: 200, fields: "id,name,email,role" }).then(function (res) {
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: "— Chọn cán bộ —" }));
      res.items.forEach(function (u) {
        select.appendChild(el("option", { value: u.id, text: (u.name || u.email) + " — " + (ROLE_LABELS[u.role] || "") }));
      });
      if (res.items.length === 1) select.value = res.items[0].id;
    }).catch(function (err) {
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: err.message }));
    });
  }

  function dialogValues() {
    var values = {};
    var form = $("step-form");
    var bad = null;
    (dialogOpts.fields || []).forEach(function (f) {
      var v = form.elements[f.name].value.trim();
      if (f.type === "lines") v = v.split("\n").map(function (x) { return x.trim(); }).filter(Boolean);
      if (f.type === "officetime" && v) {
        var d = parseOfficeTime(v);
        if (!d) { bad = bad || [f.name, "Ngày giờ viết theo dạng dd/mm/yyyy HH:MM, ví dụ 05/01/2027 09:30."]; }
        else v = toAPI(d);
      }
      if (f.required && (!v || (Array.isArray(v) && !v.length))) bad = bad || [f.name, "Cần nhập mục \"" + f.label.replace(/ \(.*$/, "") + "\"."];
      values[f.name] = v;
    });
    if (bad) { fieldError(form, bad[0], bad[1]); return null; }
    return values;
  }

  function submitDialog(ev) {
    ev.preventDefault();
    var form = $("step-form");
    clearErrors(form);
    var values = dialogValues();
    if (!values) return;
    var check = dialogOpts.check ? dialogOpts.check(values) : Promise.resolve("");
    $("step-ok").disabled = true;
    Promise.resolve(check).then(function (problem) {
      if (problem) { fieldError(form, problem[0], problem[1]); return; }
      return dialogOpts.submit(values).then(function (res) {
        $("step-dialog").close();
        dialogOpts.done(res);
      });
    }).catch(function (err) { showErrors(form, err); }).then(function () { $("step-ok").disabled = false; });
  }

  // previewDialog shows, inside the dialog, the form the step would print.
  function previewDialog() {
    var form = $("step-form");
    clearErrors(form);
    var values = dialogValues();
    if (!values) return;
    var box = $("step-sheet");
    box.textContent = "";
    Promise.resolve(dialogOpts.check ? dialogOpts.check(values) : "").then(function (problem) {
      if (problem) { fieldError(form, problem[0], problem[1]); return; }
      return dialogOpts.preview(values).then(function (r) { box.appendChild(r.sheet); });
    }).catch(function (err) { showErrors(form, err); });
  }

  // fetchSheet reads a form's HTML from the server and returns its sheet.
  function fetchSheet(path) {
    return fetch(path, { headers: { Authorization: session().token } }).then(function (res) {
      return res.text().then(function (text) {
        if (!res.ok) {
          var body = null;
          try { body = JSON.parse(text); } catch (e) { body = null; }
          throw new ApiError(res.status, body);
        }
        var sheet = new DOMParser().parseFromString(text, "text/html").querySelector("article.sheet");
        if (!sheet) throw new ApiError(res.status, { message: "Phiếu trả về không đúng định dạng." });
        return { sheet: document.importNode(sheet, true), forms: (res.headers.get("X-Motcua-Forms") || "").split(",").filter(Boolean) };
      });
    });
  }

  // checkNewDate checks an apology's new date before it is saved: after the
  // current deadline, on a working day of the office calendar, in office hours.
  function checkNewDate(d, value) {
    var when = parseDate(value);
    if (d.due_at && when <= parseDate(d.due_at)) {
      return ["new_due_at", "Ngày hẹn mới phải sau hạn trả kết quả hiện tại (" + fmtDateTime(d.due_at) + ")."];
    }
    var o = office(when);
    var minutes = o.h * 60 + o.mi;
    if (!((minutes >= 7 * 60 && minutes <= 11 * 60 + 30) || (minutes >= 13 * 60 + 30 && minutes <= 17 * 60))) {
      return ["new_due_at", "Giờ hẹn phải trong giờ làm việc (07:00–11:30, 13:30–17:00)."];
    }
    return holidays().then(function (h) {
      var day = officeDay(when);
      var kind = h[day];
      var weekend = o.wd === 0 || o.wd === 6;
      if (kind === "makeup" || (!weekend && !kind)) return "";
      return ["new_due_at", "Ngày " + pad(o.d) + "/" + pad(o.m) + "/" + o.y + " không phải ngày làm việc: hãy chọn ngày làm việc."];
    });
  }

  function holidays() {
    if (state.holidays) return Promise.resolve(state.holidays);
    return list("holidays", { perPage: 1000, fields: "date,kind" }).then(function (res) {
      var h = {};
      res.items.forEach(function (x) { h[x.date] = x.kind; });
      state.holidays = h;
      return h;
    });
  }

  // ---- printable forms ----

  function openForm(form, code) {
    show("view-form");
    $("form-back").href = "#/ho-so/" + encodeURIComponent(code);
    $("form-sheet").textContent = "";
    $("form-tabs").textContent = "";
    $("form-status").textContent = "Đang tải phiếu…";
    fetchSheet("/api/motcua/forms/" + encodeURIComponent(form) + "/" + encodeURIComponent(code)).then(function (r) {
      $("form-sheet").appendChild(r.sheet);
      r.forms.filter(function (f) { return FORM_NAMES[f]; }).forEach(function (f) {
        $("form-tabs").appendChild(el("a", { href: "#/phieu/" + f + "/" + encodeURIComponent(code), text: FORM_NAMES[f],
          "aria-current": f === form ? "page" : null }));
      });
      $("form-status").textContent = "";
      $("form-print").focus();
    }).catch(function (err) { $("form-status").textContent = err.message; });
  }

  // ---- intake ----

  function openIntake() {
    show("view-intake");
    $("in-saved").hidden = true;
    var form = $("intake-form");
    clearErrors(form);
    loadProcedures().then(function () { filterProcedures(); $("in-proc-q").focus(); })
      .catch(function (err) { showErrors(form, err); });
  }

  // loadProcedures reads the catalogue once, the office's frequent
  // procedures (by the latest dossiers) first.
  function loadProcedures() {
    if (state.procedures) return Promise.resolve(state.procedures);
    return Promise.all([
      list("procedures", { perPage: 500, sort: "name" }),
      list("dossiers", { perPage: 500, sort: "-received_at", fields: "procedure" })
    ]).then(function (r) {
      var freq = {};
      r[1].items.forEach(function (d) { freq[d.procedure] = (freq[d.procedure] || 0) + 1; });
      state.procedures = r[0].items.map(function (p) {
        p._fold = fold(p.code + " " + p.name);
        p._freq = freq[p.id] || 0;
        return p;
      }).sort(function (a, b) { return b._freq - a._freq || a.name.localeCompare(b.name, "vi"); });
      return state.procedures;
    });
  }

  function timeLimit(p) {
    if (p.time_limit_text) return p.time_limit_text;
    if (p.same_day) return "Trong ngày";
    return p.time_limit_days + " ngày làm việc";
  }
  function feeText(p) {
    if (!p.fee_amount && !p.fee_text) return "Miễn phí";
    return [p.fee_amount ? money(p.fee_amount) : "", p.fee_text].filter(Boolean).join(" — ");
  }

  function filterProcedures() {
    if (!state.procedures) return; // still loading: filtered once loaded
    var needle = fold($("in-proc-q").value);
    var box = $("in-proc-list");
    box.textContent = "";
    var words = needle.split(" ").filter(Boolean);
    state.procedures.filter(function (p) {
      return words.every(function (w) { return p._fold.indexOf(w) >= 0; });
    }).slice(0, 30).forEach(function (p) {
      var b = el("button", { type: "button", role: "option", "data-code": p.code }, [
        p.name, el("div", { "class": "meta", text: timeLimit(p) + " · " + feeText(p) })]);
      b.addEventListener("click", function () { chooseProcedure(p); });
      box.appendChild(b);
    });
    if (!box.childNodes.length) box.appendChild(el("p", { "class": "muted", text: "Không có thủ tục nào khớp." }));
  }

  function chooseProcedure(p) {
    state.procedure = p;
    $("in-proc-chosen").hidden = false;
    $("in-proc-chosen").textContent = "";
    $("in-proc-chosen").appendChild(el("strong", { text: p.name }));
    $("in-proc-chosen").appendChild(el("span", { text: "Thời hạn: " + timeLimit(p) + ". Phí, lệ phí: " + feeText(p) + "." }));
    $("in-fee").value = p.fee_amount || 0;
    $("in-fee-text").textContent = feeText(p);
    var tbody = $("in-docs");
    tbody.textContent = "";
    (Array.isArray(p.documents) ? p.documents : []).forEach(function (doc, i) {
      var kind = el("select", { "data-doc": "kind", "aria-label": "Loại giấy tờ " + (i + 1) }, Object.keys(KIND_LABELS).map(function (k) {
        return el("option", { value: k, text: KIND_LABELS[k] });
      }));
      kind.value = doc.kind || "original";
      var got = el("input", { type: "checkbox", id: "doc-" + i, "data-doc": "got" });
      tbody.appendChild(el("tr", { "data-name": doc.name }, [
        el("td", {}, [got]),
        el("td", {}, [el("label", { "for": "doc-" + i, text: doc.name }), doc.note ? el("div", { "class": "hint", text: doc.note }) : null,
          window.MotcuaDigitised ? MotcuaDigitised.intakeCell(doc.name, i, function () { got.checked = true; }) : null]),
        el("td", {}, [kind]),
        el("td", {}, [el("input", { type: "number", min: "1", value: String(doc.count || 1), "data-doc": "count", "aria-label": "Số lượng " + (i + 1) })])
      ]));
    });
    $("in-docs-box").hidden = !tbody.childNodes.length;
    offerReuse();
    $("in-name").focus();
  }

  // offerReuse shows, under each checklist item, the papers of the typed ID
  // number already digitised in other dossiers.
  function offerReuse() {
    if (!window.MotcuaDigitised || !state.procedure) return;
    MotcuaDigitised.intakeOffer($("in-docs"), $("in-idno").value.trim(), function (tr) {
      tr.querySelector('[data-doc="got"]').checked = true;
    });
  }

  function intakeBody(form) {
    var body = {
      procedure: state.procedure ? state.procedure.id : "",
      applicant_name: form.applicant_name.value.trim(), applicant_phone: form.applicant_phone.value.trim(),
      applicant_id_number: form.applicant_id_number.value.trim(), applicant_address: form.applicant_address.value.trim(),
      applicant_email: form.applicant_email.value.trim(), notify_consent: form.notify_consent.checked, channel: form.channel.value,
      sets: Number(form.sets.value) || 1, fee: Number(form.fee.value) || 0, note: form.note.value.trim(),
      documents: []
    };
    $("in-docs").querySelectorAll("tr").forEach(function (tr) {
      if (!tr.querySelector('[data-doc="got"]').checked) return;
      body.documents.push({ name: tr.getAttribute("data-name"), kind: tr.querySelector('[data-doc="kind"]').value,
        count: Number(tr.querySelector('[data-doc="count"]').value) || 1 });
    });
    var typed = form.received_at.value.trim();
    if (typed) {
      var d = parseOfficeTime(typed);
      if (!d) return { error: ["received_at", "Ngày giờ nhận viết theo dạng dd/mm/yyyy HH:MM, ví dụ 28/11/2026 09:30."] };
      if (d > new Date()) return { error: ["received_at", "Thời điểm tiếp nhận không được ở tương lai."] };
      body.received_at = toAPI(d);
    }
    if (!body.procedure) return { error: ["procedure", "Cần chọn thủ tục hành chính."] };
    if (!body.applicant_name) return { error: ["applicant_name", "Cần nhập họ tên người nộp hồ sơ."] };
    return { body: body };
  }

  // submitIntake creates the dossier: received (form 01), or, with status,
  // refused (form 03) or guided once in writing before receipt
  // (supplement_requested, form 02: Decree 118/2025 keeps the intake check
  // before receipt; the dossier gets no time limit until it is complete).
  function submitIntake(status, note, extra) {
    var form = $("intake-form");
    clearErrors(form);
    var r = intakeBody(form);
    if (r.error) { fieldError(form, r.error[0], r.error[1]); return Promise.reject(null); }
    if (status) { r.body.status = status; r.body.note = note; }
    if (extra) Object.keys(extra).forEach(function (k) { r.body[k] = extra[k]; });
    $("in-receive").disabled = true;
    $("in-saved").hidden = true;
    var picks = window.MotcuaDigitised ? MotcuaDigitised.intakePicks($("in-docs")) : [];
    return api("POST", "/api/collections/dossiers/records", r.body).then(function (d) {
      var form = { refused: "03", supplement_requested: "02" }[status] || "01";
      var receipt = "#/phieu/" + form + "/" + encodeURIComponent(d.code);
      resetIntake();
      if (!picks.length) { location.hash = receipt; return d; }
      // The dossier exists: the scans go up one by one; a failed one is
      // named and the dossier stays (nothing lost, nothing silent).
      return MotcuaDigitised.intakeUpload(d, picks, function (i, n) {
        flash("Hồ sơ " + d.code + " đã lưu. Đang lưu bản quét " + i + "/" + n + "…");
      }).then(function (failed) {
        flash("");
        if (!failed.length) { location.hash = receipt; return d; }
        uploadFailed(d, failed, receipt, form);
        return d;
      });
    }, function (err) {
      if (!status) showErrors(form, err);
      throw err;
    }).then(function (d) { $("in-receive").disabled = false; return d; },
      function (err) { $("in-receive").disabled = false; throw err; });
  }

  // uploadFailed says which papers of the dossier just created were not
  // saved, with the server's reason, and leads to its receipt or its page.
  function uploadFailed(d, failed, receipt, form) {
    var box = $("in-saved");
    box.textContent = "";
    box.appendChild(el("strong", { text: "Hồ sơ " + d.code + (form === "01" ? " đã được tiếp nhận" : " đã được lưu") + ", nhưng " +
      failed.length + " bản quét chưa lưu được:" }));
    box.appendChild(el("ul", {}, failed.map(function (f) {
      return el("li", {}, [el("strong", { text: f.item }), " — " + f.name + ": " + f.message]);
    })));
    box.appendChild(el("p", { text: "Hãy mở hồ sơ và tải lại các giấy tờ này ở mục \u201cBản số hóa giấy tờ\u201d; giấy tờ giấy vẫn giữ như thường." }));
    box.appendChild(el("div", { "class": "actions" }, [
      el("a", { href: "#/ho-so/" + encodeURIComponent(d.code), "class": "button primary", id: "in-saved-open", text: "Mở hồ sơ để tải lại bản quét" }),
      el("a", { href: receipt, "class": "button", id: "in-saved-receipt",
        text: { "01": "In phiếu tiếp nhận", "02": "In phiếu yêu cầu bổ sung", "03": "In phiếu từ chối" }[form] })]));
    box.hidden = false;
    box.scrollIntoView();
    $("in-saved-open").focus();
  }

  function resetIntake() {
    $("intake-form").reset();
    state.procedure = null;
    $("in-proc-chosen").hidden = true;
    $("in-docs-box").hidden = true;
    $("in-docs").textContent = "";
    $("in-fee-text").textContent = "";
    filterProcedures();
  }

  // ---- start ----

  function init() {
    $("signin-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var form = ev.target;
      clearErrors(form);
      api("POST", "/api/collections/_superusers/auth-with-password", { identity: form.identity.value.trim(), password: form.password.value })
        .then(function (res) {
          saveSession(res.token, res.record);
          form.password.value = "";
          signedIn(res.record);
          route();
        }).catch(function (err) {
          fieldError(form, "_form", err.status === 400 ? "Sai thư điện tử hoặc mật khẩu." : err.message);
        });
    });
    $("signout").addEventListener("click", function () {
      localStorage.removeItem(AUTH_KEY);
      state.items = {};
      state.totals = {};
      state.tab = "";
      showSignin("Đã đăng xuất (cả trang quản trị trên trình duyệt này).");
    });
    $("q").addEventListener("input", function () {
      renderTabs();
      renderQueue();
      clearTimeout(searchTimer);
      searchTimer = setTimeout(runSearch, 300);
    });
    // Enter searches now and opens the dossier when only one is found.
    $("q").addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      clearTimeout(searchTimer);
      runSearch().then(function () {
        var found = state.tab === SEARCH.id ? state.items[SEARCH.id] || [] : [];
        if (found.length === 1) location.hash = "#/ho-so/" + encodeURIComponent(found[0].code);
      });
    });
    $("step-form").addEventListener("submit", submitDialog);
    $("step-cancel").addEventListener("click", function () { $("step-dialog").close(); });
    $("step-preview").addEventListener("click", previewDialog);
    $("form-print").addEventListener("click", function () { window.print(); });
    $("in-proc-q").addEventListener("input", filterProcedures);
    $("in-idno").addEventListener("change", offerReuse);
    // A field's error goes as soon as the clerk corrects it.
    $("intake-form").addEventListener("input", function (ev) {
      var name = ev.target.name, box = name && $("intake-form").querySelector('[data-err="' + name + '"]');
      if (box) { box.textContent = ""; ev.target.removeAttribute("aria-invalid"); }
    });
    $("in-proc-q").addEventListener("keydown", function (ev) {
      var firstOption = $("in-proc-list").querySelector("button");
      if (ev.key === "Enter" && firstOption) { ev.preventDefault(); firstOption.click(); }
      if (ev.key === "ArrowDown" && firstOption) { ev.preventDefault(); firstOption.focus(); }
    });
    $("in-proc-list").addEventListener("keydown", function (ev) {
      var t = ev.target;
      if (ev.key === "ArrowDown" && t.nextElementSibling) { ev.preventDefault(); t.nextElementSibling.focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); (t.previousElementSibling || $("in-proc-q")).focus(); }
    });
    $("intake-form").addEventListener("submit", function (ev) { ev.preventDefault(); submitIntake().catch(function () { }); });
    $("in-refuse").addEventListener("click", function () {
      var form = $("intake-form");
      clearErrors(form);
      var r = intakeBody(form);
      if (r.error) { fieldError(form, r.error[0], r.error[1]); return; }
      openDialog({
        title: "Từ chối tiếp nhận hồ sơ", help: "Hồ sơ được ghi là không được tiếp nhận và in phiếu 03.",
        fields: [{ name: "note", label: "Lý do từ chối (ghi trên phiếu 03)", type: "textarea", required: true }],
        submit: function (values) { return submitIntake("refused", values.note); },
        done: function () { }
      });
    });
    $("in-incomplete").addEventListener("click", function () {
      var form = $("intake-form");
      clearErrors(form);
      var r = intakeBody(form);
      if (r.error) { fieldError(form, r.error[0], r.error[1]); return; }
      openDialog({
        title: "Hồ sơ chưa đủ: hướng dẫn bổ sung, hoàn thiện",
        help: "Hồ sơ chưa được tiếp nhận, chưa tính thời hạn; in phiếu 02 giao người nộp. Khi người nộp mang đủ giấy tờ, bấm \"Đã nhận đủ, tiếp nhận\" để tiếp nhận và in phiếu 01.",
        fields: [{ name: "missing_items", label: "Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)", type: "lines", required: true },
          { name: "note", label: "Lý do, hướng dẫn bổ sung (ghi trên phiếu 02)", type: "textarea", required: true }],
        submit: function (values) { return submitIntake("supplement_requested", values.note, { missing_items: values.missing_items }); },
        done: function () { }
      });
    });
    window.addEventListener("hashchange", route);

    var s = session();
    if (!s) { showSignin(); return; }
    // The stored session is checked (and its token renewed) before use.
    api("POST", "/api/collections/_superusers/auth-refresh").then(function (res) {
      saveSession(res.token, res.record);
      signedIn(res.record);
      route();
    }).catch(function (err) { if (err.status !== 401) showSignin(err.message); });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
