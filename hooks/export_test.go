package hooks

// DriverQueries are the SELECTs that run on the driver rather than through
// dbx (see driverOf): the query-plan test cannot see them run, so it explains
// them from here.
var DriverQueries = map[string]string{
	"intake: the day's last dossier code": lastCodeSQL,
}
