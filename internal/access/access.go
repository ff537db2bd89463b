// Package access is Motcua's role table (bảng phân quyền): which staff role may
// read, create, update or delete which collection. It is an allow-list: what
// is not written here is refused. The `admin` role (quản trị) may do anything;
// every other role is held to this table. Finer rules (which status change a
// role may make, a specialist only on dossiers assigned to them, a staff member
// only on their own account) live in the hooks that own those collections.
package access

// Staff roles, the values of the `role` field of `_superusers`.
const (
	Admin        = "admin"        // quản trị (IT officer)
	Leader       = "leader"       // lãnh đạo
	Specialist   = "specialist"   // công chức chuyên môn
	Receptionist = "receptionist" // công chức một cửa
	Inspector    = "inspector"    // kiểm tra
)

// Roles lists every role, the admin first.
var Roles = []string{Admin, Leader, Specialist, Receptionist, Inspector}

// Action is what a request does to a collection's records.
type Action string

const (
	Read   Action = "read"
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
)

// Actions lists every action.
var Actions = []Action{Read, Create, Update, Delete}

// RoleLabel gives the Vietnamese name of a role.
func RoleLabel(role string) string {
	switch role {
	case Admin:
		return "Quản trị"
	case Leader:
		return "Lãnh đạo"
	case Specialist:
		return "Công chức chuyên môn"
	case Receptionist:
		return "Công chức một cửa"
	case Inspector:
		return "Kiểm tra"
	}
	return role
}

// IsRole reports whether s is a known role.
func IsRole(s string) bool {
	for _, r := range Roles {
		if r == s {
			return true
		}
	}
	return false
}

// readable are the collections every staff member may read. System
// collections holding secrets (_mfas, _otps, _externalAuths, _authOrigins) are
// left to the admin.
var readable = map[string]bool{
	"office": true, "sectors": true, "procedures": true, "dossiers": true,
	"dossier_events": true, "holidays": true, "feedback": true, "findings": true,
	"_superusers": true, "outbox": true,
	// Digitised papers and results: any staff member who may read the
	// dossier (all staff read every dossier) lists them and gets their
	// protected files through a file token, which carries this role.
	"dossier_files": true,
}

// writes is the table of DESIGN.md's roles, as collection -> allowed writes.
// `_superusers` update means the member's own name and password only (checked
// by the staff hook); dossier updates are further limited per status change.
var writes = map[string]map[string][]Action{
	Leader: {
		"dossiers":      {Update},
		"dossier_files": {Create, Update},
		"procedures":    {Create, Update, Delete},
		"sectors":       {Create, Update, Delete},
		"findings":      {Update},
		"feedback":      {Update},
		"_superusers":   {Update},
	},
	Specialist: {
		"dossiers":      {Update},
		"dossier_files": {Create},
		"_superusers":   {Update},
	},
	Receptionist: {
		"dossiers":      {Create, Update},
		"dossier_files": {Create, Update, Delete},
		"feedback":      {Update},
		"_superusers":   {Update},
	},
	Inspector: {
		"_superusers": {Update},
	},
}

// searchable are hidden fields that a role reading their collection may
// still name in a filter: computed search keys, kept out of any public
// output (hidden) but the very thing staff search by.
var searchable = map[string]bool{"dossiers.search_text": true}

// Searchable reports whether the hidden field of collection may be named
// in a query by a role that may read the collection.
func Searchable(collection, field string) bool { return searchable[collection+"."+field] }

// auditReaders may read the audit log: it holds citizens' IP addresses, so
// clerks see a dossier's history through the dossier instead.
var auditReaders = map[string]bool{Admin: true, Leader: true, Inspector: true}

// Can reports whether role may perform action on the records of collection.
func Can(role, collection string, action Action) bool {
	if role == Admin {
		return true
	}
	if !IsRole(role) {
		return false
	}
	if action == Read {
		if collection == "audit_log" {
			return auditReaders[role]
		}
		return readable[collection]
	}
	for _, a := range writes[role][collection] {
		if a == action {
			return true
		}
	}
	return false
}
