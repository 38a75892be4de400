package feed

import "testing"

func TestNameUUID(t *testing.T) {
	// The RFC 4122 version 5 UUID of this name in the URL namespace, as
	// Python's uuid.uuid5(uuid.NAMESPACE_URL, name) gives it.
	if got, want := nameUUID("https://status.example.com/"), "urn:uuid:ffa5ab6c-846f-5d04-8f07-349ec89876d4"; got != want {
		t.Errorf("nameUUID = %s, want %s", got, want)
	}
	if nameUUID("a") == nameUUID("b") {
		t.Error("different names gave the same id")
	}
}
