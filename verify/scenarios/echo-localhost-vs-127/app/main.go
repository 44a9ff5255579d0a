// Broken on purpose: only the localhost spelling of the dev origin is allowed.
package main

import (
	"net/http"
	"os"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

func main() {
	e := echo.New()
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: []string{"http://localhost:5173"},
		AllowMethods: []string{"GET", "PUT"},
		AllowHeaders: []string{"Content-Type"},
	}))
	items := func(c *echo.Context) error {
		return c.JSON(http.StatusOK, map[string]bool{"ok": true})
	}
	e.GET("/api/items", items)
	e.PUT("/api/items", items)
	if err := e.Start("127.0.0.1:" + os.Getenv("PORT")); err != nil {
		panic(err)
	}
}
