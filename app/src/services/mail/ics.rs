//! iCalendar (RFC 5545) for meetings: invitations sent with convocations
//! (METHOD:REQUEST, or CANCEL), the download of one meeting and each
//! person's private feed (METHOD:PUBLISH). Times are written in Europe/Paris
//! with its VTIMEZONE, lines are folded at 75 octets and end in CRLF.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Paris;

/// The calendar's method: what the receiving calendar should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Publish,
    Request,
    Cancel,
}

impl Method {
    fn code(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// One meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    pub uid: String,
    pub sequence: i32,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub url: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub cancelled: bool,
    /// The invitee, for invitations: (name, e-mail address).
    pub attendee: Option<(String, String)>,
}

const ORGANIZER: &str = "ORGANIZER;CN=Secrétariat de l'instance d'écoute:mailto:ne-pas-repondre@ecoute.interieur.gouv.fr";

const PARIS: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Paris\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// A whole calendar with `events`.
pub fn calendar(method: Method, name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ministère de l'Intérieur//Écoute//FR",
        "CALSCALE:GREGORIAN",
    ] {
        push_line(&mut out, line);
    }
    push_line(&mut out, &format!("METHOD:{}", method.code()));
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    push_line(&mut out, "X-WR-TIMEZONE:Europe/Paris");
    out.push_str(PARIS);
    for event in events {
        push_event(&mut out, method, event);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

fn push_event(out: &mut String, method: Method, event: &Event) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape(&event.uid)));
    push_line(out, &format!("SEQUENCE:{}", event.sequence));
    push_line(out, &format!("DTSTAMP:{}", utc(event.updated_at)));
    push_line(out, &format!("LAST-MODIFIED:{}", utc(event.updated_at)));
    push_line(
        out,
        &format!("DTSTART;TZID=Europe/Paris:{}", paris(event.starts_at)),
    );
    push_line(
        out,
        &format!("DTEND;TZID=Europe/Paris:{}", paris(event.ends_at)),
    );
    push_line(out, &format!("SUMMARY:{}", escape(&event.summary)));
    if let Some(location) = &event.location {
        push_line(out, &format!("LOCATION:{}", escape(location)));
    }
    push_line(out, &format!("DESCRIPTION:{}", escape(&event.description)));
    push_line(out, &format!("URL:{}", event.url));
    push_line(out, ORGANIZER);
    if let Some((name, email)) = &event.attendee {
        let partstat = if method == Method::Cancel {
            "DECLINED"
        } else {
            "NEEDS-ACTION"
        };
        push_line(
            out,
            &format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};RSVP=TRUE:mailto:{}",
                param(name),
                email
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect::<String>()
            ),
        );
    }
    let status = if event.cancelled || method == Method::Cancel {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    push_line(out, &format!("STATUS:{status}"));
    push_line(out, "END:VEVENT");
}

fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn paris(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris).format("%Y%m%dT%H%M%S").to_string()
}

/// TEXT values escape backslashes, commas, semicolons and newlines, and
/// leave out the other control characters, which RFC 5545 does not allow.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            other => out.push(other),
        }
    }
    out
}

/// A parameter value (such as CN), always quoted: inside the quotes RFC 6868
/// writes a double quote as ^', a newline as ^n and ^ as ^^; the other
/// control characters are left out, so a name can never end the line.
fn param(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Appends a content line folded at 75 octets (never inside a character).
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event() -> Event {
        Event {
            uid: "reunion-1@ecoute".into(),
            sequence: 2,
            summary: "Séance plénière; 4e session, Paris".into(),
            description: "Ordre du jour :\n1. Accueil".into(),
            location: Some("Place Beauvau".into()),
            url: "https://ecoute.example/reunions/1".into(),
            starts_at: Utc.with_ymd_and_hms(2019, 7, 2, 12, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2019, 7, 2, 14, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2019, 6, 1, 8, 0, 0).unwrap(),
            cancelled: false,
            attendee: Some(("Élodie Dupré".into(), "elodie@exemple.fr".into())),
        }
    }

    #[test]
    fn times_are_in_paris_with_their_zone() {
        let ics = calendar(Method::Request, "Écoute", &[event()]);
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20190702T140000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"));
        assert!(ics.contains("METHOD:REQUEST\r\n"));
        assert!(ics.contains("SEQUENCE:2\r\n"));
    }

    #[test]
    fn text_is_escaped_and_lines_folded_at_75_octets() {
        let ics = calendar(Method::Publish, "Écoute", &[event()]);
        assert!(ics.contains("SUMMARY:Séance plénière\\; 4e session\\, Paris"));
        assert!(ics.contains("DESCRIPTION:Ordre du jour :\\n1. Accueil"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn a_name_cannot_end_its_line_or_its_quotes() {
        let mut hostile = event();
        hostile.attendee = Some((
            "Eve\r\nATTENDEE:mailto:intrus@evil.example\n\"x\";ROLE=CHAIR ^".into(),
            "eve@exemple.fr\r\nX-INJECTED:1".into(),
        ));
        hostile.summary = "Réunion\r\nATTACH:https://evil.example/\u{0}".into();
        let ics = calendar(Method::Request, "Écoute", &[hostile]);
        let unfolded = ics.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        assert!(
            lines.iter().all(|l| !l.starts_with("ATTENDEE:")
                && !l.starts_with("X-INJECTED")
                && !l.starts_with("ATTACH")),
            "{ics}"
        );
        let attendee = lines.iter().find(|l| l.starts_with("ATTENDEE;")).unwrap();
        assert_eq!(
            *attendee,
            "ATTENDEE;CN=\"Eve^nATTENDEE:mailto:intrus@evil.example^n^'x^';ROLE=CHAIR ^^\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:eve@exemple.frX-INJECTED:1"
        );
        assert!(!ics.contains('\u{0}'));
        assert!(ics
            .split("\r\n")
            .all(|l| !l.contains('\r') && !l.contains('\n')));
    }

    #[test]
    fn a_cancellation_says_so() {
        let ics = calendar(Method::Cancel, "Écoute", &[event()]);
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
    }
}
