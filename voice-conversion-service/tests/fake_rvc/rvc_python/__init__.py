"""A stand-in for rvc-python used by the tests to exercise the RVC worker and engine plumbing
where the real library (GPU image, Python 3.10) is not installed. Not voice conversion."""
