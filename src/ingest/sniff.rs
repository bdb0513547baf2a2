//! Guesses a file's delimiter (comma, semicolon or tab) from its first records.
//!
//! Counts each candidate outside quotes, record by record (a newline inside quotes does not
//! end a record), over the first few records of the decoded head of the file. It must not
//! consume the stream: the caller hands it a copy of the head.

/// The delimiters a file may use, in order of preference when the evidence ties.
pub const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

/// How many records are looked at.
const RECORDS: usize = 20;

/// The delimiter of `head` (UTF-8 text from the start of the file; may end mid-record).
///
/// The winner is the candidate found the same number of times in the most records; ties go
/// to more occurrences in the header, then to the order of `CANDIDATES`. Comma when none
/// occurs (a one-column file).
pub fn delimiter(head: &[u8]) -> u8 {
    let counts = count_per_record(head);
    let mut best = (b',', 0usize, 0usize);
    for (c, &candidate) in CANDIDATES.iter().enumerate() {
        let per_record: Vec<usize> = counts.iter().map(|r| r[c]).collect();
        let Some(&first) = per_record.first() else {
            break;
        };
        if first == 0 {
            continue;
        }
        // Records agreeing with the header's count (a well-formed file agrees everywhere).
        let agree = per_record.iter().filter(|&&n| n == first).count();
        if (agree, first) > (best.1, best.2) {
            best = (candidate, agree, first);
        }
    }
    best.0
}

/// Whether the lines of `head` (text from the start of the file) end in a bare line feed
/// rather than CR LF: the first line break decides (`true` when there is none).
pub fn lf_ends(head: &[u8]) -> bool {
    match memchr::memchr(b'\n', head) {
        Some(at) => at == 0 || head[at - 1] != b'\r',
        None => true,
    }
}

/// Occurrences of each candidate outside quotes in each complete record of `head`.
fn count_per_record(head: &[u8]) -> Vec<[usize; 3]> {
    let mut records = Vec::new();
    let mut current = [0usize; 3];
    let mut quoted = false;
    let mut any = false;
    let mut bytes = head.iter().peekable();
    while let Some(&b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' => quoted = true,
            b'\r' | b'\n' => {
                if any {
                    records.push(current);
                    if records.len() == RECORDS {
                        return records;
                    }
                }
                current = [0; 3];
                any = false;
                continue;
            }
            _ => {
                if let Some(c) = CANDIDATES.iter().position(|&d| d == b) {
                    current[c] += 1;
                }
            }
        }
        any = true;
    }
    // A last record without a newline counts only when it is the whole head: the head may
    // have been cut in the middle of a record.
    if any && records.is_empty() {
        records.push(current);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_consistent_delimiter_outside_quotes() {
        assert_eq!(delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(delimiter(b"a;b;c\n\"1,5\";2,5;3\n"), b';');
        assert_eq!(delimiter(b"a\tb\n\"x, y; z\"\t2\n"), b'\t');
        assert_eq!(delimiter(b"name\nvalue\n"), b',');
        assert_eq!(delimiter(b""), b',');
        // A quoted newline does not end the record; a lone CR does.
        assert_eq!(delimiter(b"a;b\r\"x\ny,z,w\";1\r"), b';');
    }

    #[test]
    fn decimal_commas_do_not_beat_semicolons() {
        let head = b"id;score;weight\nr1;3,5;1,25\nr2;4;2,0\nr3;1,5;1\n";
        assert_eq!(delimiter(head), b';');
    }

    #[test]
    fn a_cut_last_record_is_ignored() {
        assert_eq!(delimiter(b"a\tb\tc\n1\t2\t3\nx,y,z,w,v,u"), b'\t');
    }
}
