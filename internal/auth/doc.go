// Package auth says who is asking: the bearer tokens that let a curator
// write, their roles, and how often each may write.
//
// A token is a random secret of 32 bytes, shown once when it is made; what
// is kept is its SHA-256 digest, never the secret. A password hash (bcrypt,
// argon2) exists to slow down guessing a low-entropy password and costs tens
// of milliseconds a check; a 256-bit random secret cannot be guessed, so a
// plain digest protects it as well and costs a microsecond on every write.
// The secret ends in a CRC-32 of itself, so a token cut short or mistyped is
// told apart from one that is unknown without looking anything up, and
// secret scanners can recognise the "mem_" prefix.
//
// The package knows nothing of HTTP handlers or stores: the server asks a
// Keyring who holds a secret and a Limiter whether they may write now, and
// the store keeps the Token records.
package auth
