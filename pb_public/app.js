// Motcua public page: the catalogue, dossier look-up, public posting,
// statistics, feedback and rating. Plain ES module, no framework. Everything
// that comes from the server or from a citizen is written with textContent
// (never innerHTML), so typed text can never become markup.

const API = '/api/motcua';
const LANG_KEY = 'motcua.lang';

// ---------------------------------------------------------------- texts

const T = {
  vi: {
    skip: 'Bỏ qua, đến nội dung chính', unit: 'Trung tâm Phục vụ hành chính công', navLabel: 'Mục chính',
    navSearch: 'Thủ tục', navDossier: 'Tra cứu hồ sơ', navOffice: 'Công khai', navStats: 'Thống kê',
    navFeedback: 'Phản ánh', navRating: 'Đánh giá', langBtn: 'English',
    searchTitle: 'Tra cứu thủ tục hành chính',
    searchLabel: 'Tên thủ tục hoặc mã số (gõ có dấu hay không dấu đều được)', searchPh: 'ví dụ: khai sinh, chung thuc',
    sectorLabel: 'Lĩnh vực', allSectors: 'Tất cả lĩnh vực', searchBtn: 'Tìm',
    found: (n) => `Tìm thấy ${n} thủ tục.`, foundNone: 'Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa ngắn hơn.',
    loading: 'Đang tải…', netError: 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
    sameDay: 'Trong ngày', timeShort: 'Thời hạn', before: 'trước', days: (n) => `${n} ngày làm việc`, free: 'Miễn phí',
    online: { none: 'Nộp trực tiếp', partial: 'Trực tuyến một phần', full: 'Trực tuyến toàn trình' },
    backToList: '← Danh sách thủ tục', code: 'Mã thủ tục', sector: 'Lĩnh vực',
    dueIfToday: 'Nếu nộp hồ sơ đầy đủ ngay bây giờ, ngày hẹn trả kết quả là', howComputed: 'Cách tính ngày hẹn',
    documents: 'Thành phần hồ sơ', docName: 'Tên giấy tờ', docKind: 'Loại', docCount: 'Số lượng',
    fee: 'Phí, lệ phí', timeLimit: 'Thời hạn giải quyết', limitNormal: 'Thông thường',
    altDue: 'nếu nộp đủ ngay bây giờ, hẹn trả ngày', where: 'Nơi nộp hồ sơ', hours: 'Thời gian tiếp nhận',
    steps: 'Trình tự thực hiện', result: 'Kết quả', legal: 'Căn cứ pháp lý', applicant: 'Đối tượng thực hiện',
    forms: 'Mẫu đơn, tờ khai', noForms: 'Không có mẫu đơn để tải về.', onlineLevel: 'Dịch vụ công trực tuyến',
    print: 'In trang này', sendFeedbackAbout: 'Phản ánh về thủ tục này', notFoundProc: 'Không tìm thấy thủ tục này.',
    digitalTitle: 'Dịch vụ trực tuyến và số hóa hồ sơ',
    kOnline: (n, d) => `hồ sơ nộp trực tuyến (${n}/${d} hồ sơ của thủ tục có dịch vụ trực tuyến)`,
    kDigitised: (n, d) => `hồ sơ có giấy tờ được số hóa (${n}/${d})`,
    kResults: (n, d) => `kết quả giải quyết được số hóa (${n}/${d})`,
    subTitle: 'Nộp hồ sơ trực tuyến', subIntro: 'Điền thông tin người nộp, tải lên bản chụp hoặc bản quét (PDF, JPEG, PNG, tối đa 10 MB mỗi tệp) của từng giấy tờ, xác nhận thư điện tử bằng mã được gửi tới hộp thư; thông báo về hồ sơ (tiếp nhận, yêu cầu bổ sung, kết quả) sẽ được gửi tới địa chỉ này. Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hồ sơ; thời hạn giải quyết tính từ khi tiếp nhận.',
    subOpen: 'Nộp hồ sơ trực tuyến', subName: 'Họ và tên người nộp', subPhone: 'Số điện thoại', subId: 'Số định danh cá nhân (CCCD)',
    subAddress: 'Địa chỉ', subEmail: 'Thư điện tử', subSendCode: 'Gửi mã xác nhận', subCode: 'Mã xác nhận (6 chữ số trong thư)',
    subPapers: 'Giấy tờ tải lên', subSend: 'Nộp hồ sơ', subDone: 'Đã nộp hồ sơ trực tuyến. Mã hồ sơ của bạn:', subTrack: 'Tra cứu hồ sơ này',
    dossierTitle: 'Tra cứu tình trạng hồ sơ',
    dossierIntro: 'Nhập mã hồ sơ in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc quét mã QR trên giấy.',
    dossierCode: 'Mã hồ sơ', dossierCodeHint: 'Dạng: mã đơn vị - năm tháng ngày - số thứ tự', lookupBtn: 'Tra cứu',
    badCode: 'Mã hồ sơ không đúng định dạng, ví dụ H15.50.05.13-261008-0975.',
    status: 'Tình trạng', procedure: 'Thủ tục', applicantName: 'Người nộp', received: 'Ngày tiếp nhận',
    due: 'Ngày hẹn trả kết quả', newDue: 'Ngày hẹn mới', apology: 'Cơ quan đã gửi phiếu xin lỗi và hẹn lại ngày trả kết quả',
    reason: 'Lý do', ended: 'Ngày kết thúc', resultClass: 'Kết quả so với hẹn', timeline: 'Quá trình giải quyết',
    factorTitle: 'Xem thủ tục, người nộp và quá trình giải quyết',
    factorIntro: 'Để bảo vệ thông tin của người nộp, các mục này chỉ hiện khi nhập thêm 4 số cuối số điện thoại đã khai khi nộp hồ sơ (in trên Giấy tiếp nhận).',
    factorLabel: '4 số cuối điện thoại', factorBtn: 'Xem chi tiết', badLast4: 'Vui lòng nhập đúng 4 chữ số.',
    paused: 'Thời hạn giải quyết đang tạm dừng trong khi chờ bổ sung hồ sơ.',
    supTitle: 'Hồ sơ cần bổ sung, hoàn thiện', supItems: 'Giấy tờ cần bổ sung',
    supPausedSince: (at) => `Thời hạn giải quyết tạm dừng từ ${at}; thời gian còn lại được tính tiếp khi cơ quan nhận đủ giấy tờ bổ sung.`,
    supOverdue: 'Hồ sơ đã quá hạn trước khi có yêu cầu bổ sung: ngày hẹn trả kết quả giữ nguyên.',
    supNoItems: 'Vui lòng xem Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ đã nhận hoặc liên hệ nơi nộp hồ sơ.',
    supBefore: 'Hồ sơ chưa được tiếp nhận: vui lòng nộp đủ các giấy tờ dưới đây.',
    noSteps: 'Chưa có bước xử lý nào được ghi nhận.', rateThis: 'Đánh giá mức độ hài lòng với hồ sơ này', rated: 'Hồ sơ đã được đánh giá. Cảm ơn bạn.',
    officeTitle: 'Thông tin công khai', address: 'Địa chỉ', officeHours: 'Giờ làm việc', hotlines: 'Số điện thoại đường dây nóng',
    feedbackAddress: 'Địa chỉ tiếp nhận phản ánh, kiến nghị', email: 'Thư điện tử', website: 'Trang thông tin',
    howToFeedback: 'Cách gửi phản ánh, kiến nghị', writeFeedback: 'Viết phản ánh, kiến nghị',
    statsTitle: 'Thống kê kết quả giải quyết hồ sơ', periodLabel: 'Kỳ thống kê', thisMonth: 'Tháng này', thisYear: 'Năm nay',
    kReceived: 'Hồ sơ tiếp nhận', kEnded: 'Hồ sơ đã giải quyết', kOnTime: 'Đúng hạn và trước hạn', kLate: 'Trễ hạn',
    kInProgress: 'Đang giải quyết (hiện tại)', onTimeRate: 'Tỷ lệ đúng hạn', bySector: 'Theo lĩnh vực',
    lReceived: 'Tiếp nhận', lOnTime: 'Đúng hạn', lLate: 'Trễ hạn', satisfaction: 'Mức độ hài lòng của người dân',
    satRate: (r, n) => `${r}% hài lòng trên ${n} lượt đánh giá`, noRatings: 'Chưa có lượt đánh giá nào trong kỳ.',
    noData: 'Chưa có số liệu trong kỳ.', statsNote: 'Số liệu cập nhật mỗi phút, tính theo Quyết định 766/QĐ-TTg.',
    very_satisfied: 'Rất hài lòng', satisfied: 'Hài lòng', dissatisfied: 'Không hài lòng',
    feedbackTitle: 'Phản ánh, kiến nghị về quy định hành chính',
    feedbackIntro: 'Theo Nghị định 20/2008/NĐ-CP: viết bằng tiếng Việt, ghi rõ họ tên, địa chỉ và số điện thoại hoặc thư điện tử. Bạn sẽ nhận một mã theo dõi.',
    fbKind: 'Loại', fbKindFeedback: 'Phản ánh', fbKindPetition: 'Kiến nghị', fbName: 'Họ và tên', fbAddress: 'Địa chỉ liên hệ',
    fbPhone: 'Số điện thoại', fbEmail: 'Thư điện tử', fbContactHint: 'Cần ít nhất số điện thoại hoặc thư điện tử.',
    fbProcedure: 'Thủ tục liên quan (không bắt buộc)', fbNoProcedure: '— Không chọn —', fbSubject: 'Tiêu đề (không bắt buộc)',
    fbContent: 'Nội dung', fbSend: 'Gửi phản ánh, kiến nghị', sending: 'Đang gửi…',
    fbDone: 'Đã nhận phản ánh, kiến nghị của bạn.', trackingCode: 'Mã theo dõi của bạn',
    keepCode: 'Hãy ghi lại mã này để tra cứu kết quả xử lý.', fixFields: 'Vui lòng kiểm tra lại các mục được đánh dấu:',
    trackTitle: 'Tra cứu kết quả xử lý phản ánh', trackCode: 'Mã theo dõi', answersTitle: 'Trả lời phản ánh, kiến nghị đã công khai',
    noAnswers: 'Chưa có trả lời nào được công khai.', answer: 'Trả lời', receivedOn: 'Ngày gửi', answeredOn: 'Ngày trả lời',
    notPublished: 'Nội dung và trả lời chỉ hiển thị khi cơ quan công khai.',
    ratingTitle: 'Đánh giá mức độ hài lòng', ratingIntro: 'Dành cho hồ sơ đã trả kết quả. Mỗi hồ sơ được đánh giá một lần.',
    rtLast4: '4 số cuối điện thoại đã khai khi nộp', rtOverall: 'Mức độ hài lòng chung', rtComment: 'Ý kiến khác (không bắt buộc)',
    rtSend: 'Gửi đánh giá', rtNoChoice: '— Không đánh giá —',
    criteria: { time: 'Thời gian giải quyết so với quy định', contacts: 'Số lần phải liên hệ, đi lại', attitude: 'Thái độ của công chức' },
    footer: 'Trung tâm Phục vụ hành chính công',
  },
  en: {
    skip: 'Skip to main content', unit: 'Public administrative service centre', navLabel: 'Main sections',
    navSearch: 'Procedures', navDossier: 'Track a dossier', navOffice: 'Posting', navStats: 'Statistics',
    navFeedback: 'Feedback', navRating: 'Rate us', langBtn: 'Tiếng Việt',
    searchTitle: 'Find an administrative procedure',
    searchLabel: 'Procedure name or code (with or without Vietnamese accents)', searchPh: 'e.g. khai sinh, chung thuc',
    sectorLabel: 'Sector', allSectors: 'All sectors', searchBtn: 'Search',
    found: (n) => `${n} procedure${n === 1 ? '' : 's'} found.`, foundNone: 'No matching procedure. Try a shorter word.',
    loading: 'Loading…', netError: 'Cannot reach the server. Please check your connection and try again.',
    sameDay: 'Same day', timeShort: 'Time limit', before: 'by', days: (n) => `${n} working day${n === 1 ? '' : 's'}`, free: 'Free',
    online: { none: 'In person', partial: 'Partly online', full: 'Fully online' },
    backToList: '← All procedures', code: 'Procedure code', sector: 'Sector',
    dueIfToday: 'If you hand in a complete dossier now, your result is due on', howComputed: 'How this date is computed',
    documents: 'Documents to bring', docName: 'Document', docKind: 'Kind', docCount: 'Number',
    fee: 'Fees', timeLimit: 'Time limit', limitNormal: 'Normally',
    altDue: 'if handed in complete now, due on', where: 'Where to submit', hours: 'Office hours',
    steps: 'Steps', result: 'Result', legal: 'Legal basis', applicant: 'Who may apply',
    forms: 'Forms to download', noForms: 'No form to download.', onlineLevel: 'Online service',
    print: 'Print this page', sendFeedbackAbout: 'Send feedback on this procedure', notFoundProc: 'This procedure was not found.',
    digitalTitle: 'Online service and digitised dossiers',
    kOnline: (n, d) => `dossiers submitted online (${n}/${d} of procedures offered online)`,
    kDigitised: (n, d) => `dossiers with digitised papers (${n}/${d})`,
    kResults: (n, d) => `results digitised (${n}/${d})`,
    subTitle: 'Submit online', subIntro: 'Fill in the applicant, upload a photo or scan (PDF, JPEG, PNG, at most 10 MB each) of each paper, and confirm your email with the code sent to it. The one-stop office checks and receives the dossier; the time limit runs from its receipt.',
    subOpen: 'Submit online', subName: 'Applicant full name', subPhone: 'Phone number', subId: 'Personal ID number',
    subAddress: 'Address', subEmail: 'Email', subSendCode: 'Send confirmation code', subCode: 'Confirmation code (6 digits in the email)',
    subPapers: 'Papers to upload', subSend: 'Submit dossier', subDone: 'Your dossier was submitted online. Its code:', subTrack: 'Track this dossier',
    dossierTitle: 'Track your dossier',
    dossierIntro: 'Type the dossier code printed on your receipt and appointment slip, or scan the QR code on it.',
    dossierCode: 'Dossier code', dossierCodeHint: 'Format: unit code - YYMMDD - number', lookupBtn: 'Look up',
    badCode: 'The dossier code is not valid, e.g. H15.50.05.13-261008-0975.',
    status: 'Status', procedure: 'Procedure', applicantName: 'Applicant', received: 'Received on',
    due: 'Result due on', newDue: 'New date', apology: 'The office has apologised and set a new date',
    reason: 'Reason', ended: 'Ended on', resultClass: 'Against the appointment', timeline: 'Steps so far',
    factorTitle: 'See the procedure, the applicant and the steps',
    factorIntro: 'To protect the applicant, these are shown only with the last 4 digits of the phone number given at submission (printed on the receipt).',
    factorLabel: 'Last 4 digits of the phone', factorBtn: 'Show details', badLast4: 'Enter exactly 4 digits.',
    paused: 'The time limit is paused while the office waits for your supplement.',
    supTitle: 'Your dossier needs to be supplemented', supItems: 'Documents to bring',
    supPausedSince: (at) => `The time limit has been paused since ${at}; the remaining time resumes once the office has received everything missing.`,
    supOverdue: 'The dossier was already late when the supplement was requested: the due date stays as it was.',
    supNoItems: 'Please see the request to supplement you were given, or call the office where you handed it in.',
    supBefore: 'The dossier has not been received yet: please hand in the documents below.',
    noSteps: 'No step recorded yet.', rateThis: 'Rate your satisfaction with this dossier', rated: 'This dossier has been rated. Thank you.',
    officeTitle: 'Public posting', address: 'Address', officeHours: 'Office hours', hotlines: 'Hotlines',
    feedbackAddress: 'Where to send feedback', email: 'Email', website: 'Website',
    howToFeedback: 'How to send feedback', writeFeedback: 'Write feedback',
    statsTitle: 'How dossiers are handled', periodLabel: 'Period', thisMonth: 'This month', thisYear: 'This year',
    kReceived: 'Dossiers received', kEnded: 'Dossiers completed', kOnTime: 'On time or early', kLate: 'Late',
    kInProgress: 'In progress (now)', onTimeRate: 'On-time rate', bySector: 'By sector',
    lReceived: 'Received', lOnTime: 'On time', lLate: 'Late', satisfaction: 'Citizen satisfaction',
    satRate: (r, n) => `${r}% satisfied out of ${n} rating${n === 1 ? '' : 's'}`, noRatings: 'No rating in this period yet.',
    noData: 'No data for this period yet.', statsNote: 'Updated every minute, counted as Decision 766/QĐ-TTg requires.',
    very_satisfied: 'Very satisfied', satisfied: 'Satisfied', dissatisfied: 'Dissatisfied',
    feedbackTitle: 'Feedback and petitions on administrative rules',
    feedbackIntro: 'Under Decree 20/2008: written in Vietnamese, with your name, address and phone number or email. You will get a tracking code.',
    fbKind: 'Kind', fbKindFeedback: 'Feedback', fbKindPetition: 'Petition', fbName: 'Full name', fbAddress: 'Address',
    fbPhone: 'Phone number', fbEmail: 'Email', fbContactHint: 'Give at least a phone number or an email.',
    fbProcedure: 'Related procedure (optional)', fbNoProcedure: '— None —', fbSubject: 'Subject (optional)',
    fbContent: 'Content', fbSend: 'Send', sending: 'Sending…',
    fbDone: 'Your feedback has been received.', trackingCode: 'Your tracking code',
    keepCode: 'Keep this code to follow the answer.', fixFields: 'Please check the marked fields:',
    trackTitle: 'Follow your feedback', trackCode: 'Tracking code', answersTitle: 'Published answers',
    noAnswers: 'No answer published yet.', answer: 'Answer', receivedOn: 'Sent on', answeredOn: 'Answered on',
    notPublished: 'The text and the answer show once the office publishes them.',
    ratingTitle: 'Rate your satisfaction', ratingIntro: 'For dossiers whose result has been returned. Each dossier can be rated once.',
    rtLast4: 'Last 4 digits of the phone number you gave', rtOverall: 'Overall satisfaction', rtComment: 'Other comments (optional)',
    rtSend: 'Send rating', rtNoChoice: '— No rating —',
    criteria: { time: 'Time taken against the legal limit', contacts: 'Number of visits or contacts needed', attitude: 'Attitude of the officials' },
    footer: 'Public administrative service centre',
    // Field errors by code: the server's messages are in Vietnamese.
    errors: {
      'name.required': 'Please enter your full name.', 'address.required': 'Please enter your address.',
      'content.required': 'Please write the content of your feedback.', phone_or_email: 'Please give a phone number or an email.',
      invalid_phone: 'The phone number is not valid (8 to 15 digits).', invalid_email: 'The email address is not valid.',
      too_long: 'This is too long.', too_short: 'Please write a little more (at least 10 characters).',
      invalid_kind: 'Choose feedback or petition.', unknown_procedure: 'This procedure is not in the catalogue.',
      invalid_code: 'The dossier code is not valid.', invalid_last4: 'Enter exactly 4 digits.',
      'rating.required': 'Please choose how satisfied you are.', invalid_criteria: 'Invalid criteria.',
    },
    http: {
      400: 'The request is not valid.', 403: 'The dossier code and the last 4 digits do not match what was given at submission.',
      404: 'Not found. Please check the code.', 409: 'This dossier has already been rated.',
      413: 'The text is too long.', 429: 'Too many requests or wrong answers in a short time. Please try again later.',
    },
  },
};

let lang = (() => {
  try { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'; } catch { return 'vi'; }
})();
const t = (key) => (T[lang][key] !== undefined ? T[lang][key] : T.vi[key]);

// ---------------------------------------------------------------- helpers

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// h builds an element; strings become text nodes, never markup.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

// Dates come as office time with their offset ("2026-11-27T17:00:00+07:00"):
// read the digits, so the phone's own time zone never shifts them.
function parts(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  return m ? { y: m[1], mo: m[2], d: m[3], hh: m[4], mm: m[5] } : null;
}
function fmtDate(iso) {
  const p = parts(iso);
  return p ? `${p.d}/${p.mo}/${p.y}` : '';
}
function fmtDateTime(iso) {
  const p = parts(iso);
  if (!p) return '';
  return lang === 'vi' ? `${p.hh}:${p.mm} ngày ${p.d}/${p.mo}/${p.y}` : `${p.d}/${p.mo}/${p.y} at ${p.hh}:${p.mm}`;
}
function fmtTime(iso) {
  const p = parts(iso);
  return p ? `${p.hh}:${p.mm}` : '';
}
function money(n) {
  if (!n) return t('free');
  return `${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}
function timeLimit(p) {
  return p.same_day || !p.time_limit_days ? t('sameDay') : t('days')(p.time_limit_days);
}

class HttpError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

async function api(path, opts = {}) {
  let res;
  try {
    res = await fetch(API + path, {
      method: opts.method || 'GET',
      headers: { ...(opts.body ? { 'Content-Type': 'application/json' } : {}), ...(opts.headers || {}) },
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    });
  } catch (e) {
    throw new HttpError(0, { message: t('netError') });
  }
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) throw new HttpError(res.status, body);
  return body;
}

// errorText is the message of a failed call in the current language.
function errorText(err) {
  if (err.status === 0) return t('netError');
  if (lang === 'en') return (T.en.http[err.status]) || err.message;
  return err.message;
}

function fieldErrorText(field, e) {
  if (lang === 'vi') return e.message;
  const m = T.en.errors;
  return m[`${field}.${e.code}`] || m[e.code] || e.message;
}

// put replaces the children of el, skipping what h skips (null, undefined,
// false): the DOM's own replaceChildren would print them as "null".
function put(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

function alertBox(kind, ...children) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

// ---------------------------------------------------------------- state

const state = {
  office: null,
  sectors: [],
  procedures: [],
  lastResults: null,
  view: 'search',
  param: '',
  period: 'month',
  feedbackDone: null,
  ratingDone: null,
};

// ---------------------------------------------------------------- i18n

function applyLang() {
  document.documentElement.lang = lang;
  $$('[data-i18n]').forEach((el) => { const v = t(el.dataset.i18n); if (typeof v === 'string') el.textContent = v; });
  $$('[data-i18n-ph]').forEach((el) => { el.placeholder = t(el.dataset.i18nPh); });
  $$('[data-i18n-aria]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nAria)); });
  const btn = $('#lang');
  btn.textContent = t('langBtn');
  btn.lang = lang === 'vi' ? 'en' : 'vi';
  renderCriteria();
  renderHeader();
  renderResults();
  render(false);
}

$('#lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* private mode: keep for this visit */ }
  applyLang();
});

// ---------------------------------------------------------------- routing

const ROUTES = [
  [/^#?\/?$/, 'search'], [/^#\/thu-tuc\/?$/, 'search'], [/^#\/thu-tuc\/(.+)$/, 'procedure'],
  [/^#\/ho-so\/?$/, 'dossier'], [/^#\/ho-so\/(.+)$/, 'dossier'],
  [/^#\/cong-khai\/?$/, 'office'], [/^#\/thong-ke\/?$/, 'stats'],
  [/^#\/phan-anh\/?$/, 'feedback'], [/^#\/phan-anh\/(.+)$/, 'feedback'],
  [/^#\/danh-gia\/?$/, 'rating'], [/^#\/danh-gia\/(.+)$/, 'rating'],
];

function route() {
  const hash = location.hash || '#/';
  for (const [re, view] of ROUTES) {
    const m = re.exec(hash);
    if (m) {
      let param = '';
      try { param = m[1] ? decodeURIComponent(m[1]) : ''; } catch { param = m[1] || ''; }
      return { view, param };
    }
  }
  return { view: 'search', param: '' };
}

function onRoute(focus) {
  const r = route();
  state.view = r.view;
  state.param = r.param;
  render(focus);
}

function render(focus) {
  const nav = state.view === 'procedure' ? 'search' : state.view;
  $$('.view').forEach((s) => { s.hidden = s.id !== `view-${state.view}`; });
  $$('.nav a').forEach((a) => {
    if (a.dataset.route === nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const views = { search: viewSearch, procedure: viewProcedure, dossier: viewDossier, office: viewOffice, stats: viewStats, feedback: viewFeedback, rating: viewRating };
  const done = views[state.view]();
  if (focus) {
    Promise.resolve(done).then(() => {
      const heading = $(`#view-${state.view} h1`);
      if (heading) heading.focus();
      window.scrollTo(0, 0);
    });
  }
}

// ---------------------------------------------------------------- header and footer

// unitName is the one-stop unit as the office record names it (since 1 July
// 2025 the commune's "Trung tâm Phục vụ hành chính công", Decree
// 118/2025/NĐ-CP), the same name the printed forms carry; the English view
// translates only the default name.
function unitName() {
  const u = (state.office && state.office.unit_name) || T.vi.unit;
  return lang === 'en' && u === T.vi.unit ? T.en.unit : u;
}

function renderHeader() {
  const o = state.office;
  if (!o) return;
  $('#office-name').textContent = o.name;
  $('#unit-name').textContent = unitName();
  document.title = `${unitName()} — ${o.name}`;
  const f = $('#footer');
  put(f,
    h('p', {}, h('strong', { text: o.name }), ' — ', unitName()),
    o.address ? h('p', {}, `${t('address')}: ${o.address}`) : null,
    h('p', {}, `${t('officeHours')}: ${lang === 'vi' ? o.office_hours_text : o.office_hours_text_en}`),
    o.hotlines && o.hotlines.length ? h('p', {}, `${t('hotlines')}: `,
      o.hotlines.map((x, i) => [i ? '; ' : '', `${x.role}: `, h('a', { href: `tel:${x.phone.replace(/\s/g, '')}`, text: x.phone })])) : null,
  );
}

// ---------------------------------------------------------------- search

let searchSeq = 0;
async function search() {
  const q = $('#q').value.trim();
  const sector = $('#sector').value;
  const seq = ++searchSeq;
  $('#search-status').textContent = t('loading');
  try {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (sector) params.set('sector', sector);
    const qs = params.toString();
    const res = await api(`/procedures${qs ? `?${qs}` : ''}`);
    if (seq !== searchSeq) return;
    state.lastResults = res.items;
    renderResults();
  } catch (err) {
    if (seq === searchSeq) $('#search-status').textContent = errorText(err);
  }
}

function renderResults() {
  const items = state.lastResults;
  if (!items) return;
  $('#search-status').textContent = items.length ? t('found')(items.length) : t('foundNone');
  put($('#results'), ...items.map((p) => h('li', {},
    h('a', { class: 'card', href: `#/thu-tuc/${encodeURIComponent(p.code)}` },
      h('span', { class: 'name', text: p.name }),
      h('span', { class: 'meta' },
        h('span', { text: p.sector_name }),
        h('span', { text: `${t('code')}: ${p.code}` }),
        h('span', { text: `${t('timeShort')}: ${timeLimit(p)}` }),
        h('span', { text: money(p.fee_amount) }),
        p.online_level === 'full' ? h('span', { class: 'tag ok', text: t('online').full }) : null,
      )))));
}

let debounce;
$('#q').addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(search, 300); });
$('#sector').addEventListener('change', search);
$('#search-form').addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(debounce); search(); });

function viewSearch() {
  // A query the browser restored into the box is searched; otherwise the
  // whole catalogue, loaded once at start, is the list.
  if ($('#q').value.trim() || $('#sector').value) return search();
  if (!state.lastResults && state.procedures.length) {
    state.lastResults = state.procedures;
    renderResults();
  }
  return null;
}

// ---------------------------------------------------------------- procedure

async function viewProcedure() {
  const box = $('#view-procedure');
  put(box, h('p', { class: 'status', text: t('loading') }));
  let p;
  try {
    p = await api(`/procedures/${encodeURIComponent(state.param)}`);
  } catch (err) {
    put(box, h('a', { class: 'back', href: '#/', text: t('backToList') }),
      h('h1', { tabindex: '-1', text: t('notFoundProc') }), alertBox('error', errorText(err)));
    return;
  }
  if (state.view !== 'procedure') return;
  const due = p.due_if_submitted_now;
  const fact = (label, ...value) => [h('dt', { text: label }), h('dd', {}, ...value)];
  put(box,
    h('a', { class: 'back', href: '#/', text: t('backToList') }),
    h('h1', { tabindex: '-1', text: p.name }),
    h('p', { class: 'meta' }, h('span', { text: `${t('code')}: ${p.code}` }), h('span', { text: `${t('sector')}: ${p.sector_name}` })),
    due ? h('div', { class: 'due-box' },
      h('p', {}, `${t('dueIfToday')} `, h('strong', { text: fmtDate(due.due_at) }), ` (${t('before')} ${fmtTime(due.due_at)}).`),
      ...(lang === 'vi' ? due.notes : due.notes_en).map((n) => h('p', { class: 'hint', text: n })),
      h('details', {}, h('summary', { text: t('howComputed') }), h('div', { class: 'explain', text: lang === 'vi' ? due.explain : due.explain_en }))) : null,
    h('h2', { text: t('documents') }),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: '#' }), h('th', { scope: 'col', text: t('docName') }),
        h('th', { scope: 'col', text: t('docKind') }), h('th', { scope: 'col', text: t('docCount') }))),
      h('tbody', {}, p.documents.map((d, i) => h('tr', {},
        h('td', { class: 'num', text: String(i + 1) }),
        h('td', {}, d.name, d.note ? h('div', { class: 'hint', text: d.note }) : null),
        h('td', { text: lang === 'vi' ? d.kind_label : d.kind_label_en }),
        h('td', { class: 'num', text: String(d.count) })))))),
    h('dl', { class: 'facts' },
      fact(t('timeLimit'), altLimits(p)),
      fact(t('fee'), h('strong', { text: money(p.fee_amount) }), p.fee_text ? h('div', { text: p.fee_text }) : null),
      fact(t('where'), p.where_to_submit),
      fact(t('hours'), lang === 'vi' ? p.office_hours_text : p.office_hours_text_en),
      fact(t('onlineLevel'), lang === 'vi' ? p.online_level_label : p.online_level_label_en),
      fact(t('result'), p.result),
      p.applicant_kind ? fact(t('applicant'), p.applicant_kind) : [],
      fact(t('legal'), p.legal_basis),
    ),
    h('h2', { text: t('steps') }),
    h('ol', { class: 'steps' }, p.steps.map((s) => h('li', { text: s }))),
    h('h2', { text: t('forms') }),
    p.forms.length ? h('ul', {}, p.forms.map((f) => h('li', {}, h('a', { href: f.url, download: '', text: f.name }))))
      : h('p', { class: 'hint', text: t('noForms') }),
    p.online_level === 'partial' || p.online_level === 'full' ? submissionBox(p) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', text: t('print'), onclick: () => window.print() }),
      h('a', { class: 'btn ghost', href: '#/phan-anh', text: t('sendFeedbackAbout'), onclick: () => { state.feedbackProcedure = p.code; } })),
  );
}

// altLimits is the procedure's time limit: the normal one, then each
// conditional one with its condition and the date it would give now.
function altLimits(p) {
  const alts = p.alt_limits || [];
  const normal = h('div', { id: 'limit-normal' }, alts.length ? `${t('limitNormal')}: ` : '', timeLimit(p),
    p.time_limit_text ? h('div', { class: 'hint', text: p.time_limit_text }) : null);
  if (!alts.length) return normal;
  return [normal, h('ul', { class: 'alt-limits', id: 'limit-alts' }, alts.map((a) => h('li', {},
    `${a.condition}: `, h('strong', { text: lang === 'vi' ? a.text : a.text_en }),
    a.due_at ? h('span', { class: 'hint', text: ` (${t('altDue')} ${fmtDate(a.due_at)})` }) : null)))];
}

// ---------------------------------------------------------------- dossier look-up

const CODE_RE = /^[A-Z0-9](?:[A-Z0-9.]{0,38}[A-Z0-9])?-\d{6}-\d{4}$/;

$('#dossier-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = $('#dossier-code').value.trim().toUpperCase();
  if (!CODE_RE.test(code)) {
    $('#dossier-code').setAttribute('aria-invalid', 'true');
    put($('#dossier-result'), alertBox('error', t('badCode')));
    $('#dossier-code').focus();
    return;
  }
  $('#dossier-code').removeAttribute('aria-invalid');
  if (location.hash === `#/ho-so/${encodeURIComponent(code)}`) viewDossier();
  else location.hash = `#/ho-so/${encodeURIComponent(code)}`;
});

function statusTag(status) {
  const cls = { returned: 'ok', decided: 'ok', refused: 'bad', stopped: 'bad', supplement_requested: 'warn', payment_requested: 'warn' }[status] || '';
  return cls;
}

async function viewDossier() {
  const out = $('#dossier-result');
  const code = (state.param || '').trim().toUpperCase();
  if (!code) { put(out); return; }
  $('#dossier-code').value = code;
  put(out, h('p', { class: 'status', text: t('loading') }));
  let d;
  try {
    d = await api(`/dossiers/${encodeURIComponent(code)}`);
  } catch (err) {
    put(out, alertBox('error', errorText(err)));
    return;
  }
  renderDossier(out, d);
}

// renderDossier shows a look-up's answer: with the code alone, the status and
// dates and a form for the second factor (the last 4 digits of the phone);
// with it, also the procedure, the masked name and the steps. The digits are
// sent in a header, never put in the address.
function renderDossier(out, d) {
  const L = (vi, en) => (lang === 'vi' ? vi : en);
  const row = (label, ...v) => [h('dt', { text: label }), h('dd', {}, ...v)];
  put(out, h('article', { class: 'card', 'aria-labelledby': 'dossier-h' },
    h('h2', { id: 'dossier-h', text: `${t('dossierCode')}: ${d.code}` }),
    h('p', {}, `${t('status')}: `, h('span', { class: `tag ${statusTag(d.status)}`, text: L(d.status_label, d.status_label_en) })),
    h('dl', { class: 'facts' },
      d.details ? row(t('procedure'), d.procedure.name || '—') : [],
      d.details ? row(t('applicantName'), d.applicant) : [],
      row(t('received'), fmtDateTime(d.received_at)),
      row(t('due'), d.due_at ? fmtDateTime(d.due_at) : '—', d.clock_paused ? h('div', { class: 'hint', id: 'dossier-paused', text: t('paused') }) : null),
      !d.details && d.new_due_at ? row(t('newDue'), fmtDateTime(d.new_due_at)) : [],
      d.ended_at ? row(t('ended'), fmtDateTime(d.ended_at)) : [],
      d.result_class ? row(t('resultClass'), h('span', { class: `tag ${d.result_class === 'late' ? 'bad' : 'ok'}`, text: L(d.result_label, d.result_label_en) })) : [],
    ),
    d.apology ? alertBox('warn', h('p', {}, h('strong', { text: t('apology') })),
      h('p', {}, `${t('newDue')}: `, h('strong', { text: fmtDateTime(d.apology.new_due_at) })),
      d.apology.reason ? h('p', {}, `${t('reason')}: ${d.apology.reason}`) : null) : null,
    d.supplement ? supplementBox(d.supplement) : null,
    d.details ? [h('h3', { text: t('timeline') }),
      d.timeline.length ? h('ol', { class: 'timeline' }, d.timeline.map((s) => h('li', {},
        h('time', { datetime: s.at, text: fmtDateTime(s.at) }),
        h('span', { text: L(s.label, s.label_en) }),
        s.status ? h('span', { class: 'hint', text: ` — ${L(s.status_label, s.status_label_en)}` }) : null)))
        : h('p', { class: 'hint', text: t('noSteps') })] : factorForm(out, d.code),
    d.can_rate ? h('p', {}, h('a', { class: 'btn', href: `#/danh-gia/${encodeURIComponent(d.code)}`, text: t('rateThis') })) : null,
    d.rated ? h('p', { class: 'hint', text: t('rated') }) : null,
  ));
}

// supplementBox is the open request to supplement (form 02): the papers it
// names and how the wait counts against the time limit.
function supplementBox(s) {
  const L = (vi, en) => (lang === 'vi' ? vi : en);
  const when = s.paused_at ? (s.overdue_at_pause ? t('supOverdue') : t('supPausedSince')(fmtDateTime(s.paused_at))) : t('supBefore');
  return alertBox('warn', h('p', {}, h('strong', { text: t('supTitle') })),
    h('p', { text: when }),
    s.items.length ? [h('p', { text: `${t('supItems')}:` }), h('ul', { id: 'dossier-missing' }, s.items.map((d) => h('li', {},
      d.name, d.kind_label ? ` — ${L(d.kind_label, d.kind_label_en)}` : '', d.count > 1 ? ` (${d.count})` : '',
      d.note ? h('div', { class: 'hint', text: d.note }) : null)))] : h('p', { text: t('supNoItems') }));
}

function factorForm(out, code) {
  const msg = h('div', { id: 'dossier-factor-msg', 'aria-live': 'polite' });
  const input = h('input', { id: 'dossier-last4', name: 'phone_last4', inputmode: 'numeric', autocomplete: 'off', maxlength: '4' });
  const button = h('button', { type: 'submit', class: 'btn', text: t('factorBtn') });
  const form = h('form', { id: 'dossier-factor', class: 'search', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const last4 = input.value.trim();
    if (!/^\d{4}$/.test(last4)) {
      input.setAttribute('aria-invalid', 'true');
      put(msg, alertBox('error', t('badLast4')));
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    submitForm(form, button, async () => {
      try {
        renderDossier(out, await api(`/dossiers/${encodeURIComponent(code)}`, { headers: { 'X-Phone-Last4': last4 } }));
      } catch (err) {
        put(msg, alertBox('error', errorText(err)));
      }
    });
  } },
  h('div', { class: 'field grow' }, h('label', { for: 'dossier-last4', text: t('factorLabel') }), input), button);
  return h('section', { class: 'factor', 'aria-labelledby': 'dossier-factor-h' },
    h('h3', { id: 'dossier-factor-h', text: t('factorTitle') }),
    h('p', { class: 'hint', text: t('factorIntro') }), form, msg);
}

// ---------------------------------------------------------------- posting

async function loadOffice() {
  if (state.office) return state.office;
  state.office = await api('/office');
  renderHeader();
  return state.office;
}

async function viewOffice() {
  const box = $('#office-body');
  try { await loadOffice(); } catch (err) { put(box, alertBox('error', errorText(err))); return; }
  const o = state.office;
  const row = (label, ...v) => [h('dt', { text: label }), h('dd', {}, ...v)];
  put(box,
    h('h2', { text: o.name }),
    h('dl', { class: 'facts' },
      row(t('address'), o.address),
      row(t('officeHours'), lang === 'vi' ? o.office_hours_text : o.office_hours_text_en),
      o.email ? row(t('email'), h('a', { href: `mailto:${o.email}`, text: o.email })) : [],
      o.website ? row(t('website'), h('a', { href: o.website, rel: 'noopener', text: o.website })) : [],
    ),
    h('h2', { text: t('hotlines') }),
    h('ul', { class: 'hotlines' }, o.hotlines.map((x) => h('li', { class: 'card' },
      h('div', { text: x.role }), x.name ? h('div', { class: 'hint', text: x.name }) : null,
      h('a', { href: `tel:${x.phone.replace(/\s/g, '')}`, text: x.phone })))),
    h('h2', { text: t('feedbackAddress') }),
    h('p', { class: 'pre', text: o.feedback_address }),
    h('h2', { text: t('howToFeedback') }),
    h('ul', {}, (lang === 'vi' || !o.feedback_howto_en ? o.feedback_howto : o.feedback_howto_en).map((s) => h('li', { text: s }))),
    h('p', {}, h('a', { class: 'btn', href: '#/phan-anh', text: t('writeFeedback') })),
  );
}

// ---------------------------------------------------------------- statistics

$$('.toggle [data-period]').forEach((b) => b.addEventListener('click', () => {
  state.period = b.dataset.period;
  $$('.toggle [data-period]').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
  viewStats();
}));

function bar(segments, total, label) {
  const s = svg('svg', { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', role: 'img', 'aria-label': label });
  s.append(svg('rect', { class: 'b-bg', x: 0, y: 0, width: 100, height: 10 }));
  let x = 0;
  for (const [value, cls] of segments) {
    const w = total ? (value / total) * 100 : 0;
    if (w > 0) s.append(svg('rect', { class: cls, x, y: 0, width: w, height: 10 }));
    x += w;
  }
  return s;
}

async function viewStats() {
  const box = $('#stats-body');
  put(box, h('p', { class: 'status', text: t('loading') }));
  let s;
  try { s = await api(`/stats?period=${state.period}`); } catch (err) { put(box, alertBox('error', errorText(err))); return; }
  const L = (vi, en) => (lang === 'vi' ? vi : en);
  const pct = (v) => (v === null || v === undefined ? '—' : `${String(v).replace('.', lang === 'vi' ? ',' : '.')}%`);
  const kpi = (value, label) => h('div', { class: 'kpi' }, h('b', { text: String(value) }), h('span', { text: label }));
  const max = Math.max(1, ...s.by_sector.map((x) => Math.max(x.received, x.ended)));
  const sat = s.satisfaction;
  put(box,
    h('h2', { text: L(s.label, s.label_en) }),
    h('div', { class: 'kpis' },
      kpi(s.received, t('kReceived')), kpi(s.ended, t('kEnded')),
      kpi(pct(s.on_time_rate), t('onTimeRate')), kpi(s.in_progress, t('kInProgress'))),
    h('p', {}, `${t('kOnTime')}: ${s.on_time} · ${t('kLate')}: ${s.late}`),
    h('h2', { text: t('bySector') }),
    h('ul', { class: 'legend' }, h('li', {}, h('i', { class: 'b-recv' }), t('lReceived')),
      h('li', {}, h('i', { class: 'b-ok' }), t('lOnTime')), h('li', {}, h('i', { class: 'b-late' }), t('lLate'))),
    s.by_sector.length ? h('div', { class: 'bars' }, s.by_sector.map((x) => h('div', { class: 'bar-row' },
      h('span', { text: x.name }),
      h('div', {},
        bar([[x.received, 'b-recv']], max, `${t('lReceived')}: ${x.received}`),
        bar([[x.on_time, 'b-ok'], [x.late, 'b-late']], max, `${t('lOnTime')}: ${x.on_time}, ${t('lLate')}: ${x.late}`)),
      h('span', { class: 'bar-num', text: `${x.received} · ${x.on_time} · ${x.late}` }))))
      : h('p', { class: 'hint', text: t('noData') }),
    s.digital ? h('div', {},
      h('h2', { text: t('digitalTitle') }),
      h('div', { class: 'kpis' },
        kpi(pct(s.digital.online_rate), t('kOnline')(s.digital.online, s.digital.offered_online)),
        kpi(pct(s.digital.digitised_rate), t('kDigitised')(s.digital.digitised, s.received)),
        kpi(pct(s.digital.results_rate), t('kResults')(s.digital.results_digitised, s.digital.results)))) : null,
    h('h2', { text: t('satisfaction') }),
    sat.rated ? h('div', {},
      h('p', { text: t('satRate')(pct(sat.rate).replace('%', ''), sat.rated) }),
      bar([[sat.very_satisfied, 'b-ok'], [sat.satisfied, 'b-mid'], [sat.dissatisfied, 'b-late']], sat.rated,
        `${t('very_satisfied')}: ${sat.very_satisfied}, ${t('satisfied')}: ${sat.satisfied}, ${t('dissatisfied')}: ${sat.dissatisfied}`),
      h('ul', { class: 'legend' },
        h('li', {}, h('i', { class: 'b-ok' }), `${t('very_satisfied')}: ${sat.very_satisfied}`),
        h('li', {}, h('i', { class: 'b-mid' }), `${t('satisfied')}: ${sat.satisfied}`),
        h('li', {}, h('i', { class: 'b-late' }), `${t('dissatisfied')}: ${sat.dissatisfied}`)))
      : h('p', { class: 'hint', text: t('noRatings') }),
    h('p', { class: 'hint', text: t('statsNote') }),
  );
}

// ---------------------------------------------------------------- forms

// submissionBox is the online submission of procedure p (hooks/files,
// POST /api/motcua/submissions): the applicant, one file per paper of the
// checklist, and the e-mail code sent by POST /api/motcua/submissions/code.
function submissionBox(p) {
  const field = (id, name, label, attrs = {}) => h('div', { class: 'field' },
    h('label', { for: id, text: label }), h('input', { id, name, ...attrs }));
  const summary = h('div', { class: 'alert error', role: 'alert', tabindex: '-1', hidden: true });
  const done = h('div', { 'aria-live': 'polite' });
  const codeNote = h('p', { class: 'hint', role: 'status' });
  const form = h('form', { id: 'submit-form', class: 'form', novalidate: true },
    summary,
    field('sub-name', 'applicant_name', t('subName'), { autocomplete: 'name', maxlength: 200 }),
    h('div', { class: 'two' },
      field('sub-phone', 'applicant_phone', t('subPhone'), { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 }),
      field('sub-id', 'applicant_id_number', t('subId'), { inputmode: 'numeric', maxlength: 20 })),
    field('sub-address', 'applicant_address', t('subAddress'), { autocomplete: 'street-address', maxlength: 300 }),
    h('fieldset', { class: 'field' }, h('legend', { text: t('subPapers') }),
      p.documents.map((d, i) => h('div', { class: 'field' },
        h('label', { for: `sub-item-${i}`, text: d.name }),
        h('input', { id: `sub-item-${i}`, name: `item_${i}`, type: 'file', accept: 'application/pdf,image/jpeg,image/png' })))),
    h('div', { class: 'two' },
      field('sub-email', 'applicant_email', t('subEmail'), { type: 'email', autocomplete: 'email', maxlength: 200 }),
      h('div', { class: 'field' }, h('span', { text: '\u00a0' }),
        h('button', { type: 'button', class: 'btn ghost', id: 'sub-send-code', text: t('subSendCode'), onclick: (e) => sendCode(e.currentTarget) }))),
    codeNote,
    field('sub-code', 'email_code', t('subCode'), { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 }),
    h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: 'sub-website', text: 'Website' }),
      h('input', { id: 'sub-website', name: 'website', tabindex: '-1', autocomplete: 'off' })),
    h('input', { type: 'hidden', name: 'procedure', value: p.code }),
    h('button', { type: 'submit', class: 'btn', text: t('subSend') }));

  async function sendCode(button) {
    const body = { email: form.elements.applicant_email.value, website: form.elements.website.value };
    await submitForm(form, button, async () => {
      try {
        const res = await api('/submissions/code', { method: 'POST', body });
        clearErrors(form);
        summary.hidden = true;
        codeNote.textContent = res.message;
        form.elements.email_code.focus();
      } catch (err) {
        const data = err.body && err.body.data;
        showErrors(form, summary, data && data.email ? { applicant_email: data.email } : data, errorText(err));
      }
    });
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitForm(form, $('button[type=submit]', form), async () => {
      let res;
      try {
        res = await fetch(`${API}/submissions`, { method: 'POST', body: new FormData(form) });
      } catch {
        showErrors(form, summary, null, t('netError'));
        return;
      }
      let body = null;
      try { body = await res.json(); } catch { body = null; }
      if (!res.ok) {
        showErrors(form, summary, body && body.data, (body && body.message) || errorText(new HttpError(res.status, body)));
        return;
      }
      clearErrors(form);
      summary.hidden = true;
      form.hidden = true;
      put(done, alertBox('ok', h('p', {}, `${t('subDone')} `, h('strong', { id: 'sub-code-done', text: body.code || '' })),
        body.code ? h('p', {}, h('a', { href: `#/ho-so/${encodeURIComponent(body.code)}`, text: t('subTrack') })) : null));
    });
  });
  return h('section', { class: 'card', id: 'online-submission', 'aria-labelledby': 'h-submit' },
    h('h2', { id: 'h-submit', text: t('subTitle') }), h('p', { class: 'hint', text: t('subIntro') }), form, done);
}


function clearErrors(form) {
  $$('[aria-invalid]', form).forEach((el) => el.removeAttribute('aria-invalid'));
  $$('.err', form).forEach((el) => el.remove());
}

// showErrors marks each named field and lists the problems at the top.
function showErrors(form, summary, data, message) {
  clearErrors(form);
  const items = [];
  let first = null;
  for (const [name, e] of Object.entries(data || {})) {
    const input = form.elements[name];
    const text = fieldErrorText(name, e);
    const target = input instanceof RadioNodeList ? input[0] : input;
    if (target) {
      const field = target.closest('.field') || target.parentElement;
      const id = `err-${form.id}-${name}`;
      field.append(h('p', { class: 'err', id, text }));
      const controls = input instanceof RadioNodeList ? Array.from(input) : [input];
      controls.forEach((c) => { c.setAttribute('aria-invalid', 'true'); c.setAttribute('aria-describedby', id); });
      if (!first) first = controls[0];
    }
    const labelEl = target ? (form.querySelector(`label[for="${target.id}"]`) || target.closest('fieldset')?.querySelector('legend')) : null;
    items.push(h('li', {}, labelEl ? `${labelEl.textContent.replace('*', '').trim()}: ` : '', text));
  }
  put(summary, h('p', { text: items.length ? t('fixFields') : message }), items.length ? h('ul', {}, items) : null);
  summary.hidden = false;
  if (first) first.focus(); else summary.focus();
}

async function submitForm(form, button, run) {
  if (button.disabled) return;
  const label = button.textContent;
  button.disabled = true;
  button.textContent = t('sending');
  try { await run(); } finally { button.disabled = false; button.textContent = label; }
}

// ---------------------------------------------------------------- feedback

function fillProcedureSelect() {
  const sel = $('#fb-procedure');
  const keep = sel.value || state.feedbackProcedure || '';
  put(sel, h('option', { value: '', text: t('fbNoProcedure') }),
    ...state.procedures.map((p) => h('option', { value: p.code, text: `${p.name} (${p.code})` })));
  sel.value = keep;
}

$('#feedback-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const summary = $('#feedback-summary');
  const body = Object.fromEntries(new FormData(form).entries());
  submitForm(form, $('button[type=submit]', form), async () => {
    try {
      const res = await api('/feedback', { method: 'POST', body });
      clearErrors(form);
      summary.hidden = true;
      form.reset();
      state.feedbackDone = res.tracking_code;
      renderFeedbackDone(true);
    } catch (err) {
      showErrors(form, summary, err.body && err.body.data, errorText(err));
    }
  });
});

function renderFeedbackDone(focus) {
  const box = $('#feedback-done');
  if (!state.feedbackDone) { put(box); return; }
  const el = alertBox('ok', h('p', {}, h('strong', { text: t('fbDone') })),
    h('p', {}, `${t('trackingCode')}: `), h('p', { class: 'big-code', id: 'tracking-code', text: state.feedbackDone }),
    h('p', { text: t('keepCode') }));
  el.tabIndex = -1;
  put(box, el);
  if (focus) { el.focus(); el.scrollIntoView({ block: 'start' }); }
}

$('#track-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = $('#track-code').value.trim().toUpperCase();
  if (code) location.hash = `#/phan-anh/${encodeURIComponent(code)}`;
});

async function renderTracking() {
  const out = $('#track-result');
  const code = (state.param || '').toUpperCase();
  if (!code) { put(out); return; }
  $('#track-code').value = code;
  put(out, h('p', { class: 'status', text: t('loading') }));
  try {
    const f = await api(`/feedback/${encodeURIComponent(code)}`);
    put(out, answerCard(f, true));
  } catch (err) {
    put(out, alertBox('error', errorText(err)));
  }
}

function answerCard(f, withStatus) {
  const L = (vi, en) => (lang === 'vi' ? vi : en);
  return h('article', { class: 'card' },
    h('p', { class: 'meta' }, h('span', { class: 'tag', text: L(f.kind_label, f.kind_label_en) }),
      h('span', { text: f.tracking_code }), h('span', { text: `${t('receivedOn')}: ${fmtDate(f.received_at)}` }),
      f.answered_at ? h('span', { text: `${t('answeredOn')}: ${fmtDate(f.answered_at)}` }) : null),
    withStatus ? h('p', {}, `${t('status')}: `, h('strong', { text: L(f.status_label, f.status_label_en) })) : null,
    f.subject ? h('h3', { text: f.subject }) : null,
    f.procedure ? h('p', { class: 'hint', text: `${t('procedure')}: ${f.procedure.name}` }) : null,
    f.content ? h('p', { class: 'pre', text: f.content }) : null,
    f.answer ? h('div', { class: 'answer' }, h('strong', { text: `${t('answer')}: ` }), h('p', { class: 'pre', text: f.answer })) : null,
    !f.published && withStatus ? h('p', { class: 'hint', text: t('notPublished') }) : null);
}

async function viewFeedback() {
  fillProcedureSelect();
  renderFeedbackDone(false);
  renderTracking();
  const box = $('#answers');
  try {
    const res = await api('/feedback?published=1');
    put(box, ...(res.items.length ? res.items.map((f) => answerCard(f, false)) : [h('p', { class: 'hint', text: t('noAnswers') })]));
  } catch (err) {
    put(box, alertBox('error', errorText(err)));
  }
}

// ---------------------------------------------------------------- rating

function renderCriteria() {
  const box = $('#rt-criteria');
  const keep = Object.fromEntries($$('select', box).map((s) => [s.name, s.value]));
  put(box, ...Object.entries(t('criteria')).map(([key, label]) => h('div', { class: 'field' },
    h('label', { for: `rt-c-${key}`, text: label }),
    h('select', { id: `rt-c-${key}`, name: key },
      h('option', { value: '', text: t('rtNoChoice') }),
      ...['very_satisfied', 'satisfied', 'dissatisfied'].map((v) => h('option', { value: v, text: t(v) }))))));
  $$('select', box).forEach((s) => { s.value = keep[s.name] || ''; });
}

$('#rating-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  const summary = $('#rating-summary');
  const fd = new FormData(form);
  const criteria = {};
  for (const key of Object.keys(T.vi.criteria)) if (fd.get(key)) criteria[key] = fd.get(key);
  const body = {
    code: String(fd.get('code') || '').trim().toUpperCase(), phone_last4: String(fd.get('phone_last4') || '').trim(),
    rating: fd.get('rating') || '', comment: fd.get('comment') || '', criteria,
  };
  submitForm(form, $('button[type=submit]', form), async () => {
    try {
      await api('/ratings', { method: 'POST', body });
      clearErrors(form);
      summary.hidden = true;
      form.reset();
      state.ratingDone = body.code;
      const el = alertBox('ok', h('p', { text: t('rated') }));
      put($('#rating-done'), el);
      el.tabIndex = -1;
      el.focus();
    } catch (err) {
      showErrors(form, summary, err.body && err.body.data, errorText(err));
    }
  });
});

function viewRating() {
  if (state.param) $('#rt-code').value = state.param.toUpperCase();
  if (!state.ratingDone) put($('#rating-done'));
}

// ---------------------------------------------------------------- start

async function start() {
  // The receipt's QR code may carry ?ma=<code>: show that dossier.
  const ma = new URLSearchParams(location.search).get('ma');
  if (ma) history.replaceState(null, '', `${location.pathname}#/ho-so/${encodeURIComponent(ma.trim().toUpperCase())}`);

  window.addEventListener('hashchange', () => onRoute(true));
  Object.assign(state, route());
  applyLang();
  try {
    const [sectors, all] = await Promise.all([api('/sectors'), api('/procedures'), loadOffice()]);
    state.sectors = sectors.items;
    state.procedures = all.items;
    const sel = $('#sector');
    put(sel, h('option', { value: '', 'data-i18n': 'allSectors', text: t('allSectors') }),
      ...state.sectors.map((s) => h('option', { value: s.id, text: `${s.name} (${s.count})` })));
    if (!state.lastResults && !$('#q').value.trim()) {
      state.lastResults = state.procedures;
      renderResults();
    }
    if (state.view === 'feedback') fillProcedureSelect();
  } catch (err) {
    $('#search-status').textContent = errorText(err);
  }
}

start();
