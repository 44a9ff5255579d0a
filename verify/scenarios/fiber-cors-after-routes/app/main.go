// Broken on purpose: CORS is registered after the routes.
package main

import (
	"os"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/cors"
)

func main() {
	app := fiber.New()
	items := func(c fiber.Ctx) error { return c.JSON(fiber.Map{"ok": true}) }
	app.Get("/api/items", items)
	app.Put("/api/items", items)
	app.Use(cors.New(cors.Config{
		AllowOrigins: []string{"http://localhost:5173"},
		AllowMethods: []string{"GET", "PUT"},
		AllowHeaders: []string{"Content-Type"},
	}))
	if err := app.Listen("127.0.0.1:"+os.Getenv("PORT"), fiber.ListenConfig{DisableStartupMessage: true}); err != nil {
		panic(err)
	}
}
