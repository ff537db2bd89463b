// Package public owns the citizens' side of the office (trang công khai): the
// page itself, served from the embedded pb_public at "/", and its guest routes
// under /api/motcua/, each rate-limited per IP and answered in Vietnamese.
//
//   - public.go: RegisterPage, the guest guard (rate limits, body limit) and
//     the page's files;
//   - catalogue.go: the published catalogue of procedures (danh mục thủ tục),
//     its snapshot, the texts of its time limits and the due date a citizen
//     would get today;
//   - dossiers.go: the dossier look-up by code (tra cứu hồ sơ), personal data
//     masked; factor.go: the second factor (the phone's last four digits)
//     before a look-up or a rating shows more;
//   - ratings.go: the citizen's rating of a returned dossier (đánh giá);
//   - feedback.go: feedback and petitions (phản ánh, kiến nghị) posted and
//     tracked, and their tracking codes (FeedbackCode);
//     feedback_rules.go: RegisterFeedback, the staff side's rules on answering
//     and publishing them;
//   - stats.go: the public statistics (Decision 766 indicators the citizen
//     sees), cached and invalidated by writes;
//   - limit.go: the guest rate limits per IP (settings the IT officer may change).
package public
