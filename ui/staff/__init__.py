"""The instructor's and the office staff's side: sign-in, classes, attendance, presenter mode,
who is stuck, documents, exports, audit log and accounts. One screen per module."""
