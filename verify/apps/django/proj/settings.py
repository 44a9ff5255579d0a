# A minimal Django project for the harness (Django 5.2; `django@4` uses it with Django 4.2). The generated settings.py is appended at the end,
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
