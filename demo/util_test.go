package demo_test

import "github.com/pocketbase/dbx"

func dbxStatus(s string) dbx.Expression { return dbx.HashExp{"status": s} }
func dbxClass(c string) dbx.Expression  { return dbx.HashExp{"result_class": c} }
