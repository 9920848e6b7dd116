// Loaded before every test file: the test environment, before any module reads it.
process.env.NODE_ENV = 'test';
