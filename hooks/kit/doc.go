// Package kit is the base every domain package of hooks/ builds on: the one
// way a rule says no (Refusal, BadField, FieldError: a 400 in Vietnamese),
// the security headers of pages and documents, the staff guard of Motcua's
// own routes (RequireStaff, StaffRole, LimitedRole), the hook priorities and
// the order they keep, the computed links of dossiers, the stored-date format
// (DBTime), the comparison of field values (ValuesEqual, ChangedFields),
// whether a database has a table (HasTable) and the middleware that names a
// database failure (RegisterFaults).
package kit
