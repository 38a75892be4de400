package notify

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// smtpServerScript is a local SMTP server from Debian's python3-aiosmtpd:
// STARTTLS required, AUTH PLAIN/LOGIN only over TLS with one user, every
// message written into a folder with what the session saw on top. It
// stops when its stdin closes, or after two minutes whatever happens.
const smtpServerScript = `
import os, ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

certfile, keyfile, port, outdir, user, password = sys.argv[1:7]
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(certfile, keyfile)

class Handler:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Handler.n += 1
        head = "X-Test-From: %s\r\nX-Test-To: %s\r\nX-Test-TLS: %s\r\nX-Test-Auth: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos),
            getattr(session, "ssl", None) is not None, bool(getattr(session, "authenticated", False)))
        final = os.path.join(outdir, "%03d.eml" % Handler.n)
        with open(final + ".tmp", "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(final + ".tmp", final)
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == password.encode():
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)

c = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=ctx, require_starttls=True,
               authenticator=authenticator, auth_require_tls=True)
c.start()
print("READY", flush=True)
t = threading.Thread(target=lambda: sys.stdin.read(), daemon=True)
t.start()
t.join(120)
c.stop()
`

// smtpServer is a running test SMTP server.
type smtpServer struct {
	Addr   string
	Dir    string      // where messages land, one .eml each
	Client *tls.Config // trusts the server's certificate
}

// startSMTP starts the aiosmtpd server with a certificate made for
// 127.0.0.1. Without python3-aiosmtpd the test fails: .ci/run installs it.
func startSMTP(t *testing.T, user, password string) *smtpServer {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Fatalf("/usr/bin/python3 is missing; install python3-aiosmtpd (.ci/run does): %v", err)
	}
	if out, err := exec.Command("/usr/bin/python3", "-c", "import aiosmtpd").CombinedOutput(); err != nil {
		t.Fatalf("python3-aiosmtpd is missing (apt-get install python3-aiosmtpd; .ci/run does): %v: %s", err, out)
	}
	dir := t.TempDir()
	certPEM, keyPEM, pool := selfSigned(t)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	script := filepath.Join(dir, "smtpd.py")
	msgs := filepath.Join(dir, "messages")
	for p, b := range map[string][]byte{certFile: certPEM, keyFile: keyPEM, script: []byte(smtpServerScript)} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(msgs, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("/usr/bin/python3", script, certFile, keyFile, strconv.Itoa(port), msgs, user, password)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- strings.TrimSpace(line) == "READY"
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("the SMTP server did not start: %s", stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the SMTP server did not start in 30 s: %s", stderr.String())
	}
	return &smtpServer{Addr: "127.0.0.1:" + strconv.Itoa(port), Dir: msgs, Client: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}}
}

// Messages returns the messages received so far, in order.
func (s *smtpServer) Messages(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(s.Dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "statusgen test smtp"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<33, 0),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), pool
}
