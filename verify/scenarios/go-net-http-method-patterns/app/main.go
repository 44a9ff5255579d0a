// Broken on purpose: CORS headers in the handlers, no OPTIONS pattern.
package main

import (
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	items := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "http://localhost:5173")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}
	mux.HandleFunc("GET /api/items", items)
	mux.HandleFunc("PUT /api/items", items)
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), mux); err != nil {
		panic(err)
	}
}
