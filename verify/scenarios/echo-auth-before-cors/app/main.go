// Broken on purpose: the token check is registered before the CORS middleware.
package main

import (
	"net/http"
	"os"
	"strings"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

func main() {
	e := echo.New()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if strings.HasPrefix(c.Request().URL.Path, "/api/") &&
				c.Request().Header.Get("Authorization") != "Bearer s3cret" {
				return c.JSON(http.StatusUnauthorized, map[string]string{"message": "missing or malformed jwt"})
			}
			return next(c)
		}
	})
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: []string{"http://localhost:5173"},
		AllowMethods: []string{"GET", "POST", "PUT", "DELETE"},
		AllowHeaders: []string{"Authorization", "Content-Type"},
	}))
	items := func(c *echo.Context) error {
		c.Response().Header().Set("X-Total-Count", "42")
		return c.JSON(http.StatusOK, map[string]bool{"ok": true})
	}
	e.GET("/api/items", items)
	e.PUT("/api/items", items)
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), e); err != nil {
		panic(err)
	}
}
