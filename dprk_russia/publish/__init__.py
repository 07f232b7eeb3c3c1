"""Publishing: turning the chapters into the web book and the PDF."""
