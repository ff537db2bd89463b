package access

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCan(t *testing.T) {
	cases := []struct {
		role, collection string
		action           Action
		want             bool
	}{
		{Admin, "audit_log", Delete, true},
		{Admin, "settings-anything", Update, true},
		{Leader, "dossiers", Update, true},
		{Leader, "dossiers", Create, false},
		{Leader, "dossiers", Delete, false},
		{Leader, "procedures", Create, true},
		{Leader, "findings", Update, true},
		{Leader, "office", Update, false},
		{Leader, "holidays", Update, false},
		{Leader, "audit_log", Read, true},
		{Specialist, "dossiers", Update, true},
		{Specialist, "dossiers", Create, false},
		{Specialist, "procedures", Update, false},
		{Specialist, "audit_log", Read, false},
		{Receptionist, "dossiers", Create, true},
		{Receptionist, "feedback", Update, true},
		{Receptionist, "feedback", Delete, false},
		{Receptionist, "findings", Update, false},
		{Inspector, "dossiers", Read, true},
		{Inspector, "audit_log", Read, true},
		{Inspector, "dossiers", Update, false},
		{Inspector, "findings", Update, false},
		{Inspector, "_superusers", Update, true},
		{Inspector, "_mfas", Read, false},
		{"", "dossiers", Read, false},
		{"boss", "dossiers", Read, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Can(c.role, c.collection, c.action), "%s %s %s", c.role, c.action, c.collection)
	}
}

func TestNobodyButAdminWritesTheAuditLog(t *testing.T) {
	for _, r := range Roles[1:] {
		for _, a := range []Action{Create, Update, Delete} {
			assert.False(t, Can(r, "audit_log", a), "%s %s", r, a)
		}
	}
}
