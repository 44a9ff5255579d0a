// Echo v4 app for the harness; CORS is the generated corsMiddleware() at the root, first.
package main

import (
	"errors"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Use(corsMiddleware())
	items := func(c echo.Context) error {
		c.Response().Header().Set("X-Total-Count", "42")
		return c.JSON(http.StatusOK, map[string]bool{"ok": true})
	}
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		e.Add(m, "/api/items", items)
	}
	// An unhandled error: a plain error returned by the handler, which Echo's default
	// HTTPErrorHandler answers with 500. (echo.New() installs no Recover middleware, so a panic
	// would only drop the connection, as in net/http.)
	e.GET("/api/error", func(c echo.Context) error {
		return errors.New("boom")
	})
	auth := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Header.Get("Authorization") != "Bearer s3cret" {
				return c.JSON(http.StatusUnauthorized, map[string]string{"error": "unauthorized"})
			}
			return next(c)
		}
	}
	ok := func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]bool{"ok": true}) }
	e.GET("/api/private", ok, auth)
	e.PUT("/api/private", ok, auth)
	if err := e.Start("127.0.0.1:" + os.Getenv("PORT")); err != nil && err != http.ErrServerClosed {
		panic(err)
	}
}
