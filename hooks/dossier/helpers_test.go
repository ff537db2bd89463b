package dossier_test

import "github.com/pocketbase/dbx"

func dbxDossier(id string) dbx.Expression { return dbx.HashExp{"dossier": id} }
