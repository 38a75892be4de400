package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/statusgen/statusgen/generator/config"
)

// mailer sends e-mail through an SMTP server, always over STARTTLS: a
// server that does not offer it gets nothing (the message would cross the
// network in clear text, and so would the password).
type mailer struct {
	ch         *config.Channel
	site       string
	user, pass string // secrets
	tls        *tls.Config
	sleep      func(context.Context, time.Duration) error
	maxWait    time.Duration
}

func (m *mailer) send(ctx context.Context, ev Event) error {
	msg := m.message(ev)
	waited, backoff := time.Duration(0), time.Second
	for attempt := 1; ; attempt++ {
		err := m.deliver(ctx, msg)
		if err == nil {
			return nil
		}
		var te *textproto.Error
		transient := !errors.As(err, &te) || (te.Code >= 400 && te.Code < 500)
		problem := m.scrub(err.Error())
		if !transient {
			return fmt.Errorf("smtp %s: %s", m.ch.SMTP, problem)
		}
		if attempt == maxAttempts || waited+backoff > m.maxWait {
			return fmt.Errorf("smtp %s: %s; gave up after %d attempts; the message is sent again next run", m.ch.SMTP, problem, attempt)
		}
		if err := m.sleep(ctx, backoff); err != nil {
			return fmt.Errorf("smtp %s: %s; stopped: %v", m.ch.SMTP, problem, err)
		}
		waited += backoff
		backoff *= 2
	}
}

func (m *mailer) scrub(s string) string {
	if m.pass != "" {
		s = strings.ReplaceAll(s, m.pass, "<"+m.ch.PasswordEnv+">")
	}
	return s
}

func (m *mailer) deliver(ctx context.Context, msg []byte) error {
	host, _, _ := net.SplitHostPort(m.ch.SMTP)
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", m.ch.SMTP)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello("statusgen"); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return &textproto.Error{Code: 554, Msg: "the server does not offer STARTTLS; statusgen sends mail only encrypted: use the server's submission port (587) or one with STARTTLS"}
	}
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if m.tls != nil {
		tc = m.tls.Clone()
		if tc.ServerName == "" {
			tc.ServerName = host
		}
	}
	if err := c.StartTLS(tc); err != nil {
		return fmt.Errorf("STARTTLS: %w", err)
	}
	if m.user != "" {
		if err := c.Auth(smtp.PlainAuth("", m.user, m.pass, host)); err != nil {
			return fmt.Errorf("login as the user in %s: %w", m.ch.UsernameEnv, err)
		}
	}
	from, _ := mail.ParseAddress(m.ch.From)
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	for _, to := range m.ch.To {
		a, _ := mail.ParseAddress(to)
		if err := c.Rcpt(a.Address); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message is the e-mail: plain text, UTF-8, with the event's fields, the
// update, owner, runbook and link.
func (m *mailer) message(ev Event) []byte {
	var b strings.Builder
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", m.ch.From)
	hdr("To", strings.Join(m.ch.To, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", oneLine(ev.Title)))
	hdr("Date", ev.Time.UTC().Format(time.RFC1123Z))
	hdr("Message-ID", "<"+ev.ID+"@statusgen>")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "8bit")
	hdr("X-Statusgen-Event", ev.Kind)
	b.WriteString("\r\n")
	line := func(s string) { b.WriteString(oneLine(s) + "\r\n") }
	line(ev.Title)
	b.WriteString("\r\n")
	for _, f := range eventFields(ev) {
		line(f.Name + ": " + f.Value)
	}
	if ev.Text != "" {
		b.WriteString("\r\n")
		line(ev.Text)
	}
	b.WriteString("\r\n")
	if ev.Owner != "" {
		line("Owner: " + ev.Owner)
	}
	if ev.Runbook != "" {
		line("Runbook: " + ev.Runbook)
	}
	if ev.Link != "" {
		line("Status page: " + ev.Link)
	}
	b.WriteString("\r\n-- \r\n")
	line("Sent by statusgen notify for " + m.site)
	return []byte(b.String())
}

// oneLine joins a text's lines and drops control characters, so no value
// can start a new header.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' || r < 0x20 && r != '\t' }), " ")
}
