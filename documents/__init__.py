"""Official documents (.docx) laid out after GB/T 9704-2012."""
