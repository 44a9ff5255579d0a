// (no harness routes: this scenario has its own)
