package vntext

// English words in texts staff read: the tests of the self-inspection hold
// findings, hints and the reports page to Vietnamese with EnglishWords
// (issue 15).

import (
	"regexp"
	"strings"
)

// englishWords are words a leader or inspector must not meet in findings,
// hints and the report: field and rule keys, status and role keys, admin UI
// and command words. Short words that are also Vietnamese without their
// diacritics ("to", "in", "do", "an") are left out.
var englishWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`settings setting backups backup rating followup office audit verify anchor json chain broken
		entry entries hash reason dossier dossiers status staff admin record records collection collections feedback finding
		findings rule rules open resolved acknowledged true false null none missing received submitted processing online paper
		channel assignee due late early supplement supplements apology refused returned decided withdrawn stopped leader
		inspector specialist receptionist user email password error the and of is not with from file files log page partial full
		coverage computable value rate points method group`) {
		englishWords[w] = true
	}
}

// AllowedLiterals are names a text may quote as the software shows them,
// said in Vietnamese around them: the admin UI's menu and a command.
var AllowedLiterals = []string{"Settings › Backups", "motcua audit verify"}

var wordRE = regexp.MustCompile(`[A-Za-z]+`)

// EnglishWords lists the English words of s (ASCII words split at
// underscores, digits and punctuation), after removing AllowedLiterals.
func EnglishWords(s string) []string {
	for _, l := range AllowedLiterals {
		s = strings.ReplaceAll(s, l, " ")
	}
	var out []string
	for _, w := range wordRE.FindAllString(s, -1) {
		if englishWords[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}

var tagRE = regexp.MustCompile(`(?s)<[^>]*>`)

// Text is the text of an HTML fragment: its tags (and their attributes)
// removed.
func Text(html string) string { return tagRE.ReplaceAllString(html, " ") }
