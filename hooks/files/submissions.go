package files

import "github.com/pocketbase/pocketbase/core"

func registerSubmissions(app core.App) {}
