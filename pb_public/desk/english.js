// The desk's English switch (like the public page's, same localStorage key
// "motcua.lang"): the desk's own words (menu, headings, tabs, labels,
// statuses, steps) are shown in English by replacing whole texts found in
// the page, as the desk writes them, with their English. The printed forms
// stay in Vietnamese (they are the legal forms), and so do the sentences the
// server answers (its messages and refusals) and the office's data.
(function () {
  "use strict";

  var LANG_KEY = "motcua.lang";
  var lang = "vi";
  try { lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "vi"; } catch (e) { lang = "vi"; }

  var EN = {
    // index.html
    "Bàn làm việc — Motcua": "Staff desk — Motcua", "Bàn làm việc": "Staff desk", "Chức năng": "Menu",
    "Việc của tôi": "My work", "Tiếp nhận hồ sơ": "Intake", "Phát hiện tự kiểm tra": "Self-inspection findings",
    "Báo cáo": "Reports", "Sổ theo dõi": "Dossier log", "Trang quản trị": "Admin UI", "Đăng xuất": "Sign out",
    "Đăng nhập cán bộ": "Staff sign-in",
    "Dùng tài khoản cán bộ của cơ quan. Đăng nhập ở đây cũng là đăng nhập trang quản trị trên trình duyệt này, và ngược lại.":
      "Use your office staff account. Signing in here also signs you in to the admin UI in this browser, and the other way round.",
    "Chọn tệp quét…": "Choose scan…", "Chọn tệp kết quả…": "Choose result file…", "chưa có bản quét": "no scan yet",
    "Mở hồ sơ để tải lại bản quét": "Open the dossier to upload again", "In phiếu tiếp nhận": "Print the receipt",
    "In phiếu yêu cầu bổ sung": "Print the supplement request", "In phiếu từ chối": "Print the refusal",
    "Thư điện tử": "Email", "Mật khẩu": "Password", "Đăng nhập": "Sign in", "Tìm hồ sơ": "Find a dossier",
    "Tìm theo mã hồ sơ, họ tên, điện thoại, số giấy tờ (gõ không dấu được)": "Find by dossier code, name, phone, ID number (diacritics optional)",
    "Thủ tục hành chính": "Administrative procedure", "Tìm thủ tục (gõ không dấu được)": "Find the procedure (diacritics optional)",
    "ví dụ: chung thuc chu ky": "e.g. chung thuc chu ky", "Thủ tục": "Procedure",
    "Thành phần hồ sơ (đánh dấu giấy tờ đã nhận)": "Documents (tick those handed over)", "Nhận": "Received",
    "Giấy tờ": "Document", "Loại": "Kind", "Số lượng": "Count", "Người nộp hồ sơ": "Applicant", "Họ và tên": "Full name",
    "Điện thoại": "Phone", "Số định danh / CCCD": "ID number", "Địa chỉ": "Address", "Tiếp nhận": "Receive",
    "Hình thức nộp": "Channel", "Trực tiếp tại Bộ phận Một cửa": "In person at the one-stop counter",
    "Qua dịch vụ bưu chính": "By post", "Số bộ hồ sơ": "Sets", "Phí, lệ phí thu (đồng)": "Fee collected (đồng)",
    "Nhận trên giấy lúc (nếu nhập sau)": "Received on paper at (if typed in later)",
    "Để trống khi nhận ngay bây giờ. Giờ Việt Nam.": "Leave empty when received now. Vietnam time.",
    "Ghi chú": "Note", "Tiếp nhận và in phiếu": "Receive and print the slip", "Hồ sơ chưa đủ…": "Incomplete dossier…",
    "Từ chối tiếp nhận…": "Refuse at intake…", "← Về hồ sơ": "← Back to the dossier", "In phiếu (Ctrl+P)": "Print (Ctrl+P)",
    "Phát hiện tự kiểm tra đang mở": "Open self-inspection findings", "Xem báo cáo tự kiểm tra": "See the self-inspection report",
    "Xác nhận": "Confirm", "Xem trước phiếu": "Preview the slip", "Hủy": "Cancel",
    // roles, statuses, channels, kinds, results, severities
    "Quản trị": "Administrator", "Lãnh đạo": "Leader", "Công chức chuyên môn": "Specialist",
    "Công chức một cửa": "Receptionist", "Kiểm tra": "Inspector", "Chưa được phân quyền": "No role yet",
    "Mới đăng ký": "Submitted", "Được tiếp nhận": "Received", "Không được tiếp nhận": "Refused at intake",
    "Đang xử lý": "Processing", "Yêu cầu bổ sung giấy tờ": "Supplement requested",
    "Yêu cầu thực hiện nghĩa vụ tài chính": "Payment requested", "Công dân yêu cầu rút hồ sơ": "Withdrawal requested",
    "Dừng xử lý": "Handling stopped", "Dừng xử lý…": "Stop handling…", "Đã xử lý xong": "Decided", "Đã trả kết quả": "Result returned",
    "Trực tiếp": "In person", "Trực tuyến": "Online", "Bưu chính": "Post",
    "Bản chính": "Original", "Bản sao chứng thực": "Certified copy", "Bản sao": "Copy", "Xuất trình": "Shown",
    "Trước hạn": "Early", "Đúng hạn": "On time", "Trễ hạn": "Late",
    "Nghiêm trọng": "Serious", "Cảnh báo": "Warning", "Thông tin": "Information",
    // the timeline's steps
    "Đăng ký trực tuyến": "Registered online", "Từ chối tiếp nhận": "Refuse at intake", "Chuyển xử lý": "Transfer",
    "Trình lãnh đạo ký": "Submitted for decision", "Giao lại cán bộ xử lý": "Reassigned",
    "Yêu cầu bổ sung hồ sơ": "Supplement requested", "Nhận hồ sơ bổ sung": "Supplement received",
    "Đã thực hiện nghĩa vụ tài chính": "Paid", "Lãnh đạo đã ký, phê duyệt": "Decided (signed)", "Trả kết quả": "Return the result",
    "Công dân rút hồ sơ": "Withdrawal requested", "Dừng xử lý hồ sơ": "Handling stopped",
    "Xin lỗi và hẹn lại ngày trả": "Apology and new date", "Cập nhật thông tin": "Details updated",
    "Tính lại hạn theo lịch nghỉ": "Deadline re-projected", "Công dân đánh giá mức độ hài lòng": "Satisfaction rated",
    "Xử lý sau đánh giá của công dân": "Rating followed up", "Bước khác": "Other step", "Hệ thống": "System",
    // the step buttons (GET /api/motcua/desk/steps) and their fields
    "Yêu cầu bổ sung": "Request a supplement", "Đã nhận bổ sung": "Supplement received", "Yêu cầu nộp phí": "Request payment",
    "Đã nộp phí": "Paid", "Trình ký": "Submit for signature", "Ký duyệt": "Sign", "Xin lỗi – hẹn lại": "Apologise – new date",
    "Rút hồ sơ": "Withdraw", "Đã nhận đủ, tiếp nhận": "Papers complete: receive",
    "Lý do từ chối (ghi trên phiếu 03)": "Reason for refusal (printed on form 03)", "Chuyển cho cán bộ": "Transfer to",
    "Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)": "Documents to supplement (one per line)",
    "Lý do, hướng dẫn bổ sung (ghi trên phiếu 02)": "Reason and guidance (printed on form 02)",
    "Khoản phải nộp, số tiền": "What to pay, and how much", "Trình lãnh đạo": "Submit to",
    "Ngày hẹn trả mới (dd/mm/yyyy HH:MM, giờ làm việc)": "New return date (dd/mm/yyyy HH:MM, office hours)",
    "Lý do chậm trễ (ghi trên phiếu 04)": "Reason for the delay (printed on form 04)",
    "Lý do dừng xử lý (ghi trên thông báo 05)": "Reason to stop (printed on notice 05)",
    "Nội dung yêu cầu rút hồ sơ của công dân": "The citizen's withdrawal request", "Người nhận kết quả": "Result received by",
    "Bấm Xác nhận (hoặc Enter) để thực hiện bước này.": "Press Confirm (or Enter) to take this step.",
    "— Chọn cán bộ —": "— Choose an officer —", "Đang tải danh sách cán bộ…": "Loading the staff list…",
    // queues
    "Đăng ký trực tuyến chờ tiếp nhận": "Online, to receive", "Đã tiếp nhận, chờ chuyển xử lý": "Received, to transfer",
    "Chờ công dân bổ sung": "Waiting for a supplement", "Chờ nộp phí": "Waiting for payment", "Chờ trả kết quả": "To return",
    "Được giao xử lý": "Assigned to me", "Chờ công dân bổ sung, nộp phí": "Waiting for the citizen",
    "Chờ ký duyệt": "To sign", "Sắp đến hạn, cần xin lỗi – hẹn lại": "Due soon, apology owed",
    "Phát hiện cần xử lý": "Findings to handle", "Phát hiện đang mở": "Open findings",
    "Hồ sơ quá hạn chưa xong": "Overdue dossiers", "Hồ sơ mới tiếp nhận gần đây": "Latest dossiers",
    "Kết quả tìm kiếm": "Search results", "Mã hồ sơ": "Dossier code", "Người nộp": "Applicant", "Trạng thái": "Status",
    "Cán bộ xử lý": "Handled by", "Hạn trả kết quả": "Due", "Quá hạn": "Overdue", "Đến hạn hôm nay": "Due today",
    "Không có hồ sơ nào khớp với nội dung tìm.": "No dossier matches the search.",
    "Không có hồ sơ nào đang chờ.": "Nothing waiting.", "Không có phát hiện nào đang mở.": "No open finding.",
    "Mức độ": "Severity", "Đối tượng": "Subject", "Nội dung": "Finding", "Phát hiện ngày": "Found on",
    "Đã xử lý…": "Resolved…", "Đóng phát hiện": "Close the finding", "Nội dung đã xử lý": "What was done",
    "Đã đóng phát hiện.": "Finding closed.", "Đang tải…": "Loading…", "Đang tải hồ sơ…": "Loading the dossier…",
    "Đang tải phiếu…": "Loading the form…",
    // a dossier's page
    "← Việc của tôi": "← My work", "Các bước được thực hiện": "Steps you may take", "Thông tin hồ sơ": "Dossier",
    "Tiếp nhận lúc": "Received at", "Người tiếp nhận": "Received by", "Phí, lệ phí": "Fee",
    "Giấy tờ đã nhận": "Documents received", "Giấy tờ cần bổ sung": "Documents to supplement", "Kết quả": "Result",
    "Thời hạn": "Time limit", "Hạn ban đầu": "Original due date", "Hẹn lại (phiếu 04)": "New date (form 04)",
    "Đang tạm dừng tính hạn": "Clock paused", "Phiếu in": "Forms", "Quá trình giải quyết (phiếu 06)": "Handling (form 06)",
    "Thông báo cho người dân": "Messages to the citizen", "Nhận thông báo": "Notifications",
    "Đồng ý nhận qua SMS, thư điện tử": "Agreed (SMS, email)", "Không đăng ký": "Not asked for",
    "Chưa có thông báo nào.": "No message yet.", "Người nộp không đăng ký nhận thông báo.": "The applicant did not ask for messages.",
    "Chờ gửi": "Queued", "Đã gửi": "Sent", "Gửi lỗi, sẽ gửi lại": "Failed, will retry", "Đã ngừng gửi": "Given up",
    "Người nộp đồng ý nhận thông báo về hồ sơ qua tin nhắn SMS và thư điện tử đã khai": "The applicant agrees to be told about the dossier by SMS and email at the addresses given",
    "Nhật ký kiểm toán của hồ sơ": "Audit log of the dossier", "Hồ sơ đã kết thúc.": "The dossier has ended.",
    "Hồ sơ đang chờ bước của người khác.": "The dossier waits for someone else's step.",
    "01 Giấy tiếp nhận": "01 Receipt", "02 Yêu cầu bổ sung": "02 Supplement request", "03 Từ chối tiếp nhận": "03 Refusal",
    "04 Xin lỗi, gia hạn": "04 Apology, extension", "05 Dừng giải quyết": "05 Stop notice", "06 Kiểm soát quá trình": "06 Process control",
    "Tạo hồ sơ": "Dossier created", "Cập nhật": "Updated", "Thay đổi": "Change",
    "Từ chối tiếp nhận hồ sơ": "Refuse the dossier at intake",
    "Hồ sơ chưa đủ: hướng dẫn bổ sung, hoàn thiện": "Incomplete dossier: guidance to complete it"
  };

  var SKIP = "#form-sheet, #step-sheet, .sheet, script, style, textarea";

  // english gives the English of a whole text, keeping the "…" of a step
  // that opens a dialog; "" when it has none.
  function english(text) {
    var k = text.trim();
    if (!k) return "";
    if (EN[k]) return text.replace(k, EN[k]);
    if (k.slice(-1) === "…" && EN[k.slice(0, -1)]) return text.replace(k, EN[k.slice(0, -1)] + "…");
    // A text the desk composes ("Được tiếp nhận → Đang xử lý", "<name> · <role>"):
    // the parts that are the desk's words.
    var parts = text.split(/( → | · )/), done = false;
    parts = parts.map(function (x) { if (EN[x.trim()]) { done = true; return x.replace(x.trim(), EN[x.trim()]); } return x; });
    return done && parts.length > 1 ? parts.join("") : "";
  }

  function translate(root) {
    if (root.nodeType === 3) {
      var p = root.parentElement;
      if (p && !p.closest(SKIP)) { var t = english(root.nodeValue); if (t) root.nodeValue = t; }
      return;
    }
    if (root.nodeType !== 1 || root.closest(SKIP)) return;
    ["placeholder", "aria-label", "title"].forEach(function (a) {
      root.querySelectorAll("[" + a + "]").forEach(function (el) { var t = english(el.getAttribute(a)); if (t) el.setAttribute(a, t); });
      if (root.hasAttribute(a)) { var t = english(root.getAttribute(a)); if (t) root.setAttribute(a, t); }
    });
    var w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
    nodes.forEach(translate);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.getElementById("lang");
    btn.textContent = lang === "en" ? "Tiếng Việt" : "English";
    btn.setAttribute("lang", lang === "en" ? "vi" : "en");
    btn.addEventListener("click", function () {
      try { localStorage.setItem(LANG_KEY, lang === "en" ? "vi" : "en"); } catch (e) { /* private mode */ }
      location.reload();
    });
    if (lang !== "en") return;
    document.documentElement.lang = "en";
    document.title = EN[document.title] || document.title;
    translate(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.type === "characterData") translate(r.target);
        r.addedNodes.forEach(translate);
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
})();
