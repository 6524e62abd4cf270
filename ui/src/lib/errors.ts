// What to show when a command fails, in the user's language. The core answers with an English
// sentence that says how to recover (and a code); the German UI shows the same sentence in
// German from the table below. A sentence the table does not know yet is shown as the core
// wrote it — except for codes whose meaning is fixed (busy, storage), which always have German.
import { ApiError } from "./api/client";
import type { ErrorCode } from "./api/generated/api";
import { en, type Locale, type Messages, type SyncErrorCode } from "./i18n";

type German = (match: RegExpExecArray) => string;

/** The core's refusals a user can meet in the app, and their German. Anchored, whole sentences. */
export const GERMAN: readonly (readonly [RegExp, German])[] = [
  // Contacts, events, deals, follow-ups, check-ins.
  [/^a contact needs a name; give at least a first name$/, () => "Ein Kontakt braucht einen Namen; geben Sie mindestens einen Vornamen ein"],
  [/^a deal needs a title, such as "Workshop"$/, () => "Ein Auftrag braucht einen Titel, etwa „Workshop“"],
  [/^an event needs a title, such as "Sommerfest TSV"$/, () => "Eine Veranstaltung braucht einen Titel, etwa „Sommerfest TSV“"],
  [/^an event needs a title; keep the old one or type a new one$/, () => "Eine Veranstaltung braucht einen Titel; behalten Sie den alten oder geben Sie einen neuen ein"],
  [/^a tag needs at least one letter$/, () => "Ein Schlagwort braucht mindestens einen Buchstaben"],
  [/^a checklist item needs text; remove empty items$/, () => "Ein Punkt der Vorbereitung braucht Text; entfernen Sie leere Punkte"],
  [/^'(.*)' is not an email address; leave it empty or write it as name@example\.org$/s, (m) => `„${m[1]}“ ist keine E-Mail-Adresse; lassen Sie das Feld leer oder schreiben Sie sie als name@example.org`],
  [/^'(.*)' is not a currency code; use three letters such as EUR or CHF$/s, (m) => `„${m[1]}“ ist kein Währungscode; verwenden Sie drei Buchstaben wie EUR oder CHF`],
  [/^.* cannot be negative; enter the amount without a minus sign$/s, () => "Ein Betrag kann nicht negativ sein; geben Sie ihn ohne Minuszeichen ein"],
  [/^the event ends before it starts; check the end time$/, () => "Die Veranstaltung endet, bevor sie beginnt; prüfen Sie die Endzeit"],
  [/^.* '(.*)' is not a date; write it as 2026-07-07$/s, (m) => `„${m[1]}“ ist kein Datum; schreiben Sie es als 2026-07-07`],
  [/^day '(.*)' is not a date; write it as 2026-07-04$/s, (m) => `„${m[1]}“ ist kein Datum; schreiben Sie es als 2026-07-04`],
  [/^.* '(.*)' is not a date and time; write it as 2026-07-04T15:00$/s, (m) => `„${m[1]}“ ist kein Datum mit Uhrzeit; schreiben Sie es als 2026-07-04T15:00`],
  [/^.* (\S+) does not exist in (\S+) \(clocks jump forward then\); pick a time an hour later$/s, (m) => `${m[1]} gibt es in ${m[2]} nicht (die Uhr springt dann vor); wählen Sie eine Stunde später`],
  [/^'(.*)' is not a known time zone; use an IANA name such as Europe\/Berlin$/s, (m) => `„${m[1]}“ ist keine bekannte Zeitzone; verwenden Sie einen IANA-Namen wie Europe/Berlin`],
  [/^the time range ends before it starts; swap since and until$/, () => "Der Zeitraum endet, bevor er beginnt; tauschen Sie Anfang und Ende"],
  [/^the period ends before it starts; give a --from on or before --to$/, () => "Der Zeitraum endet, bevor er beginnt; wählen Sie einen Anfang vor dem Ende"],
  [/^a cadence belongs to one contact or one tag; name exactly one of them$/, () => "Ein Rhythmus gehört zu einem Kontakt oder einem Schlagwort; nennen Sie genau eines davon"],
  [/^a cadence is 1 to 3650 days; give how many days may pass between meetings$/, () => "Ein Rhythmus hat 1 bis 3650 Tage; geben Sie an, wie viele Tage zwischen zwei Treffen vergehen dürfen"],
  [/^no cadence is set there; nothing to clear$/, () => "Dort ist kein Rhythmus festgelegt; es gibt nichts zu entfernen"],
  [/^that is one contact twice; name two different contacts$/, () => "Das ist zweimal derselbe Kontakt; nennen Sie zwei verschiedene Kontakte"],
  [/^a contact cannot be merged with itself; choose two different contacts$/, () => "Ein Kontakt kann nicht mit sich selbst zusammengeführt werden; wählen Sie zwei verschiedene Kontakte"],
  [/^the merged contact was deleted since; restore it first, then undo the merge$/, () => "Der zusammengeführte Kontakt wurde inzwischen gelöscht; stellen Sie ihn zuerst wieder her und machen Sie dann das Zusammenführen rückgängig"],
  [/^this merge was already undone$/, () => "Dieses Zusammenführen wurde bereits rückgängig gemacht"],
  [/^no such merge on this device; a merge is undone on the device that made it$/, () => "Dieses Zusammenführen gibt es auf diesem Gerät nicht; es wird auf dem Gerät rückgängig gemacht, auf dem es geschah"],
  [/^this QR code holds no contact card; scan the code of a vCard \(a contact\), or type the person in$/, () => "Dieser QR-Code enthält keine Visitenkarte; scannen Sie den Code einer vCard (eines Kontakts) oder tippen Sie die Person ein"],
  [/^the scanned card cannot be taken in: no name, email or phone number$/, () => "Die gescannte Karte kann nicht übernommen werden: Sie hat keinen Namen, keine E-Mail-Adresse und keine Telefonnummer"],
  [/^the scanned card cannot be taken in: '(.*)' is not an email address; .*$/s, (m) => `Die gescannte Karte kann nicht übernommen werden: „${m[1]}“ ist keine E-Mail-Adresse`],
  [/^your card is too long for a QR code; shorten its name, organization or role$/, () => "Ihre Karte ist zu lang für einen QR-Code; kürzen Sie Name, Organisation oder Rolle"],
  [/^there is no merge to undo on this device$/, () => "Auf diesem Gerät gibt es kein Zusammenführen, das rückgängig gemacht werden kann"],
  [/^cannot write (.*) \((.*)\); choose another folder$/s, (m) => `${m[1]} kann nicht geschrieben werden (${m[2]}); wählen Sie einen anderen Ordner`],
  [/^the chosen place is not a file \((.*)\); choose a folder on this computer$/s, (m) => `Der gewählte Ort ist keine Datei (${m[1]}); wählen Sie einen Ordner auf diesem Computer`],
  [/^this check-in was retracted; record a new one instead$/, () => "Dieser Check-in wurde zurückgezogen; erfassen Sie stattdessen einen neuen"],
  [/^a due date is out of range; snooze it to another day$/, () => "Das Fälligkeitsdatum liegt außerhalb des gültigen Bereichs; verschieben Sie es auf einen anderen Tag"],
  [/^no contact with id .*; it may have been deleted$/s, () => "Diesen Kontakt gibt es nicht mehr; er wurde vielleicht gelöscht"],
  [/^no event with id .*; it may have been deleted$/s, () => "Diese Veranstaltung gibt es nicht mehr; sie wurde vielleicht gelöscht"],
  [/^no deal with id .*$/s, () => "Diesen Auftrag gibt es nicht mehr; er wurde vielleicht gelöscht"],
  [/^no check-in with id .*$/s, () => "Diesen Check-in gibt es nicht"],
  // Imports: the file, and why a card or row was skipped.
  [/^(.*) is empty; nothing to import$/s, (m) => `${fileName(m[1])} ist leer; es gibt nichts zu importieren`],
  [/^(.*) is not a text file \(a spreadsheet\?\); export the contacts as CSV or vCard \(\.vcf\)$/s, (m) => `${fileName(m[1])} ist keine Textdatei (eine Tabelle aus Excel?); exportieren Sie die Kontakte als CSV oder vCard (.vcf)`],
  [/^the file holds no vCard \(BEGIN:VCARD … END:VCARD\); export the contacts again as vCard \(\.vcf\)$/, () => "Die Datei enthält keine vCard (BEGIN:VCARD … END:VCARD); exportieren Sie die Kontakte noch einmal als vCard (.vcf)"],
  [/^the file is not a table Handschlag can read \((.*)\); export it again as CSV$/s, (m) => `Die Datei ist keine Tabelle, die Handschlag lesen kann (${m[1]}); exportieren Sie sie noch einmal als CSV`],
  [/^the table has no column '(.*)'; its columns are: (.*)$/s, (m) => `Die Tabelle hat keine Spalte „${m[1]}“; ihre Spalten sind: ${m[2]}`],
  [/^no column of this table holds a name, an email or a phone number that Handschlag recognizes; its columns are: (.*)\. Name what each holds, .*$/s, (m) => `Keine Spalte dieser Tabelle enthält einen Namen, eine E-Mail-Adresse oder Telefonnummer, die Handschlag erkennt; ihre Spalten sind: ${m[1]}. Geben Sie an, was jede enthält`],
  [/^an event's time is out of range; edit its start$/, () => "Die Zeit einer Veranstaltung liegt außerhalb des gültigen Bereichs; ändern Sie ihren Beginn"],
  [/^no name, email or phone number$/, () => "kein Name, keine E-Mail-Adresse und keine Telefonnummer"],
  [/^the same person as line (\d+)$/, (m) => `dieselbe Person wie in Zeile ${m[1]}`],
  [/^the same person as card (\d+)$/, (m) => `dieselbe Person wie auf Karte ${m[1]}`],
  [/^not a readable row: (.*)$/s, (m) => `keine lesbare Zeile: ${m[1]}`],
  [/^not part of a vCard: (.*)$/s, (m) => `gehört zu keiner vCard: ${m[1]}`],
  [/^the card has no END:VCARD; the file may be cut off$/, () => "der Karte fehlt END:VCARD; die Datei ist vielleicht abgeschnitten"],
  // The notebook file.
  [/^another program is writing to this notebook; try again in a moment$/, () => "Ein anderes Programm schreibt gerade in dieses Notizbuch; versuchen Sie es gleich noch einmal"],
  [/^database error: (.*); check that the file is a Handschlag database and the disk is not full$/s, (m) => `Datenbankfehler (${m[1]}); prüfen Sie, ob die Datei eine Handschlag-Datenbank ist und der Datenträger nicht voll ist`],
  [/^this database was written by a newer Handschlag .*; update the app$/s, () => "Diese Datenbank stammt von einer neueren Handschlag-Version; aktualisieren Sie die App"],
  // Backups.
  [/^(.*) is a backup of another device; restore it on that device, or pair this device with it and sync$/s, (m) => `${m[1]} ist die Sicherung eines anderen Geräts; stellen Sie sie auf jenem Gerät wieder her, oder koppeln Sie dieses Gerät damit und synchronisieren Sie`],
  [/^(.*) is damaged \((.*)\); choose another backup, nothing was changed$/s, (m) => `${m[1]} ist beschädigt (${m[2]}); wählen Sie eine andere Sicherung – es wurde nichts geändert`],
  // Devices, pairing and sync.
  [/^a device needs a name, such as "Anna's phone"$/, () => "Ein Gerät braucht einen Namen, etwa „Annas Handy“"],
  [/^a device name has at most (\d+) characters; shorten it$/, (m) => `Ein Gerätename hat höchstens ${m[1]} Zeichen; kürzen Sie ihn`],
  [/^this is this device's own pairing link; open it on the other device \(the phone\) instead$/, () => "Das ist der eigene Kopplungslink dieses Geräts; öffnen Sie ihn auf dem anderen Gerät (dem Telefon)"],
  [/^this is the hub's own pairing link; a device cannot pair with itself — open the link on your other device$/, () => "Das ist der eigene Kopplungslink dieses Geräts; ein Gerät kann sich nicht mit sich selbst koppeln – öffnen Sie den Link auf Ihrem anderen Gerät"],
  [/^this pairing link has expired \(it is valid for 5 minutes\); show a new pairing code on the hub$/, () => "Dieser Kopplungslink ist abgelaufen (er gilt 5 Minuten); lassen Sie den Hub einen neuen Kopplungscode zeigen"],
  [/^this pairing link is not known to the hub; show a new pairing code on the hub and scan it$/, () => "Der Hub kennt diesen Kopplungslink nicht; lassen Sie ihn einen neuen Kopplungscode zeigen und scannen Sie diesen"],
  [/^this pairing link was already used; show a new pairing code on the hub$/, () => "Dieser Kopplungslink wurde schon verwendet; lassen Sie den Hub einen neuen Kopplungscode zeigen"],
  [/^another device is already paired as (.*); reinstall the app on this device to pair it as a new one$/s, (m) => `Als ${m[1]} ist schon ein anderes Gerät gekoppelt; installieren Sie die App auf diesem Gerät neu, um es als neues Gerät zu koppeln`],
  [/^this device's certificate is already paired under another device id; reinstall the app on this device$/, () => "Das Zertifikat dieses Geräts ist schon unter einer anderen Geräte-ID gekoppelt; installieren Sie die App auf diesem Gerät neu"],
  [/^(.*) is not waiting to pair; to cut it off, revoke it$/s, (m) => `${m[1]} wartet nicht auf die Kopplung; um es auszuschließen, widerrufen Sie es`],
  [/^(.*) was revoked on the hub; to let it sync again, allow it on the hub .*$/s, (m) => `${m[1]} wurde auf dem Hub widerrufen; damit es wieder synchronisiert, erlauben Sie es auf dem Hub`],
  [/^`handschlag serve` runs this hub for as long as it runs; to stop the hub, stop `handschlag serve` \(Ctrl\+C in its terminal\)$/, () => "`handschlag serve` betreibt diesen Hub, solange es läuft; um den Hub anzuhalten, beenden Sie `handschlag serve` (Strg+C in seinem Terminal)"],
  [/^this device serves no hub to pair with; allow phones on this network to sync \(above\), or pair from the device that runs the hub$/, () => "Dieses Gerät betreibt keinen Hub zum Koppeln; erlauben Sie oben Handys in diesem Netzwerk das Synchronisieren, oder koppeln Sie von dem Gerät aus, das den Hub betreibt"],
  [/^the hub is stopping; sync again in a moment$/, () => "Der Hub wird gerade angehalten; synchronisieren Sie gleich noch einmal"],
  [/^this is not a Handschlag pairing link \(it starts with handschlag:\/\/pair\?\); scan the pairing code again$/, () => "Das ist kein Handschlag-Kopplungslink (er beginnt mit handschlag://pair?); scannen Sie den Kopplungscode noch einmal"],
  [/^the pairing link has no (.*); copy the whole link$/s, () => "Dem Kopplungslink fehlt ein Teil; kopieren Sie den ganzen Link"],
  [/^the pairing link has more than one (.*); copy the link again$/s, () => "Der Kopplungslink ist fehlerhaft; kopieren Sie den Link noch einmal"],
  [/^the pairing link's expiry .* is not a time; copy the whole link$/s, () => "Der Kopplungslink ist fehlerhaft; kopieren Sie den ganzen Link"],
  [/^.* is not a hub address like 192\.168\.1\.20:7878; copy the whole pairing link$/s, () => "Der Kopplungslink enthält keine gültige Hub-Adresse (wie 192.168.1.20:7878); kopieren Sie den ganzen Link"],
  [/^the other device sent a change dated (.*), more than a year ahead of this device's clock; .*$/s, (m) => `Das andere Gerät hat eine Änderung vom ${m[1]} geschickt, mehr als ein Jahr nach der Uhr dieses Geräts; stellen Sie auf beiden Geräten Datum und Uhrzeit richtig – von dieser Seite wurde nichts übernommen`],
  [/^the peer sent a clock naming a device it did not list; the page is damaged, sync again$/, () => "Das andere Gerät hat eine beschädigte Seite geschickt; synchronisieren Sie noch einmal"],
  [/^this record's clock is at its limit .*$/s, () => "Die Uhr dieses Eintrags ist am Ende (ein Gerät mit einem völlig falschen Datum hat ihn geschrieben); stellen Sie eine Sicherung von vorher wieder her"],
  [/^this request does not come from the Handschlag page; .*$/s, () => "Diese Anfrage kommt nicht von der Handschlag-Seite; öffnen (oder laden) Sie die Adresse, die `handschlag serve` ausgegeben hat"],
];

function isSyncCode(code: ErrorCode): code is SyncErrorCode {
  return Object.hasOwn(en.errors.byCode, code);
}

/** "'contacts.csv'" as the core names a file, or "the file", in German. */
function fileName(named: string): string {
  return named === "the file" ? "Die Datei" : named.replace(/^'(.*)'$/s, "„$1“");
}

/** German for codes whose sentence is fixed, when the table does not know the sentence. */
const GERMAN_BY_CODE: Partial<Record<ErrorCode, string>> = {
  busy: "Ein anderes Programm schreibt gerade in dieses Notizbuch; versuchen Sie es gleich noch einmal",
  unknownCommand: "Diese Version der App und des Kerns passen nicht zusammen; aktualisieren Sie die App",
};

/** The core's sentence in `locale`: German from the table, else as the core wrote it. */
export function localizeMessage(message: string, code: ErrorCode | undefined, locale: Locale): string {
  if (locale === "en") return message;
  for (const [pattern, german] of GERMAN) {
    const match = pattern.exec(message);
    if (match) return german(match);
  }
  return (code && GERMAN_BY_CODE[code]) ?? message;
}

/**
 * What to show for a failed command: a sync failure by its kind (the code), in the user's
 * language; any other refusal as the core's sentence, in German from the table.
 */
export function errorText(error: unknown, t: Messages, locale: Locale = "en"): string {
  if (error instanceof ApiError) {
    return isSyncCode(error.code) ? t.errors.byCode[error.code] : localizeMessage(error.message, error.code, locale);
  }
  if (error instanceof TypeError) return t.errors.unreachable;
  if (error instanceof Error) return localizeMessage(error.message, undefined, locale);
  return String(error);
}
