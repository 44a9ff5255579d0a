# Broken on purpose: CorsMiddleware after CommonMiddleware (appended to the middleware list).
INSTALLED_APPS = [*INSTALLED_APPS, "corsheaders"]
MIDDLEWARE = [*MIDDLEWARE, "corsheaders.middleware.CorsMiddleware"]
CORS_ALLOWED_ORIGINS = ["http://localhost:5173"]
