# A minimal Django 4.2 project for the harness. The generated settings.py is appended at the end,
# exactly as its header says ("Append to the END of settings.py").
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "corsfix-verify-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
DATABASES = {}
USE_TZ = True

# --- generated settings.py, appended ---
exec(compile((BASE_DIR / "settings.py").read_text(), str(BASE_DIR / "settings.py"), "exec"))
