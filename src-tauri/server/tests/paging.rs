//! The portal's list in pages over real HTTPS (issue 17): `limit`, `status` and the cursor
//! of `Link: <…>; rel="next"`, `X-Total-Count`, the 400s with `{code, message, field}`, and a
//! cursor forged from another unit's line that still lists only the caller's own parts.

mod harness;

use harness::{start, Answer, Portal};
use serde_json::Value;

/// The target of `Link: <…>; rel="next"`.
fn next_of(a: &Answer) -> Option<String> {
    let link = a.link.as_deref()?;
    let (target, params) = link.split_once(';')?;
    assert_eq!(params.trim(), "rel=\"next\"", "{link}");
    Some(target.trim().trim_start_matches('<').trim_end_matches('>').to_string())
}

fn ids(a: &Answer) -> Vec<i64> {
    a.body.as_array().unwrap_or_else(|| panic!("a JSON array: {:?}", a.body)).iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

/// Every page from `first`, following the links: the ids, and each page's total.
fn follow(p: &Portal, cookie: &str, first: &str) -> (Vec<i64>, Vec<String>) {
    let (mut all, mut totals, mut url) = (Vec::new(), Vec::new(), Some(first.to_string()));
    while let Some(u) = url {
        let a = p.get(&u, Some(cookie));
        assert_eq!(a.status, 200, "{u}: {:?}", a.body);
        all.extend(ids(&a));
        totals.push(a.total.clone().expect("X-Total-Count on every page"));
        url = next_of(&a);
        assert!(all.len() < 1000);
    }
    (all, totals)
}

#[test]
fn the_list_comes_in_pages_linked_by_a_cursor_with_its_total() {
    let p = start(100);
    let my_ha = p.unit_session("xa-my-ha");
    let whole = p.get("/api/my/assignments?at=2023-02-27", Some(&my_ha));
    assert_eq!(whole.status, 200);
    let want = ids(&whole);
    assert!(want.len() >= 2, "Mỹ Hà has parts: {want:?}");
    assert_eq!(whole.total.as_deref(), Some(want.len().to_string().as_str()));
    assert_eq!(whole.link, None, "one page holds them: no next link");

    let (paged, totals) = follow(&p, &my_ha, "/api/my/assignments?at=2023-02-27&limit=1");
    assert_eq!(paged, want, "pages of one line, put together");
    assert!(totals.iter().all(|t| *t == want.len().to_string()));
    let first = p.get("/api/my/assignments?at=2023-02-27&limit=1", Some(&my_ha));
    let next = next_of(&first).expect("a next page");
    assert!(next.starts_with("/api/my/assignments?at=2023-02-27&limit=1&after="), "{next}");

    let (open, _) = follow(&p, &my_ha, "/api/my/assignments?at=2023-02-27&status=open&limit=1");
    let (done, _) = follow(&p, &my_ha, "/api/my/assignments?at=2023-02-27&status=done&limit=1");
    assert_eq!([open, done].concat(), want, "the two groups, open first");
}

#[test]
fn a_bad_limit_group_or_cursor_is_a_400_naming_it() {
    let p = start(100);
    let my_ha = p.unit_session("xa-my-ha");
    let cases = [
        ("limit=100000", "limit"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=x", "limit"),
        ("status=all", "status"),
        ("after=abc", "after"),
        ("after=o.2023-02-30.5", "after"),
        ("status=open&after=d.2023-02-01.5", "after"),
    ];
    for (query, field) in cases {
        let a = p.get(&format!("/api/my/assignments?at=2023-02-27&{query}"), Some(&my_ha));
        assert_eq!((a.status, a.body["code"].as_str(), a.body["field"].as_str()), (400, Some("validation"), Some(field)), "{query}: {:?}", a.body);
        let message = a.body["message"].as_str().unwrap();
        assert!(message.contains(field), "the Vietnamese message names {field}: {message}");
    }
}

#[test]
fn a_cursor_forged_from_another_units_line_lists_only_the_callers_parts() {
    let p = start(100);
    let my_ha = p.unit_session("xa-my-ha");
    let my_phuc = p.unit_session("xa-my-phuc");
    let mine = ids(&p.get("/api/my/assignments?at=2023-02-27&limit=500", Some(&my_ha)));
    // Mỹ Phúc's cursors, one per line of its list, each tried by Mỹ Hà.
    let mut url = Some("/api/my/assignments?at=2023-02-27&limit=1".to_string());
    let mut tried = 0;
    while let Some(u) = url {
        let a = p.get(&u, Some(&my_phuc));
        assert!(a.body.as_array().unwrap().iter().all(|r| r["unit"] == "xa-my-phuc"));
        url = next_of(&a);
        let Some(next) = &url else { break };
        let forged = p.get(&next.replace("limit=1", "limit=500"), Some(&my_ha));
        assert_eq!(forged.status, 200);
        let rows: &Vec<Value> = forged.body.as_array().unwrap();
        assert!(rows.iter().all(|r| r["unit"] == "xa-my-ha"), "{next}: only Mỹ Hà's parts: {rows:?}");
        let got = ids(&forged);
        assert_eq!(got, mine[mine.len() - got.len()..], "{next}: Mỹ Hà's own list from that position");
        tried += 1;
    }
    assert!(tried >= 1, "Mỹ Phúc's list has more than one page");
}
