//! `catalog.bin`: the merged [`Catalog`] of a generation in a binary form that decodes in a
//! few milliseconds (ESCO's JSON took 60–100 ms to parse at every open).
//!
//! Strings are length-prefixed UTF-8, counts are u32, all little-endian ([`super::codec`]).
//! Every struct is destructured field by field on the way out, so a field added to the model
//! fails to compile here until it is stored, and the format version is bumped with it.

use super::codec::{DecodeError, Reader, Writer};
use crate::model::{Catalog, Framework, ResponsibilityLevel, Skill, SkillLevel};

/// The file's name in a generation.
pub const CATALOG_FILE: &str = "catalog.bin";
const MAGIC: &[u8; 8] = b"SKMCATLG";
/// Bumped whenever the encoding or the model changes.
pub const CATALOG_VERSION: u32 = 1;

/// The catalog as bytes.
pub fn encode(catalog: &Catalog) -> Vec<u8> {
    let mut w = Writer::with_header(MAGIC, CATALOG_VERSION);
    let Catalog { frameworks } = catalog;
    w.len(frameworks.len());
    for framework in frameworks {
        let Framework { id, name, attribution, skills, responsibility_levels } = framework;
        w.str(id);
        w.str(name);
        w.str(attribution);
        w.len(skills.len());
        for skill in skills {
            let Skill { code, name, category, subcategory, description, guidance, levels, aliases, url } =
                skill;
            for s in [code, name, category, subcategory, description, guidance] {
                w.str(s);
            }
            w.len(levels.len());
            for SkillLevel { level, name, description } in levels {
                w.u8(*level);
                w.str(name);
                w.str(description);
            }
            w.len(aliases.len());
            for alias in aliases {
                w.str(alias);
            }
            match url {
                Some(url) => {
                    w.u8(1);
                    w.str(url);
                }
                None => w.u8(0),
            }
        }
        w.len(responsibility_levels.len());
        for ResponsibilityLevel { level, guiding_phrase, essence, attributes } in responsibility_levels {
            w.u8(*level);
            w.str(guiding_phrase);
            w.str(essence);
            w.len(attributes.len());
            for (name, text) in attributes {
                w.str(name);
                w.str(text);
            }
        }
    }
    w.bytes
}

/// The catalog back from [`encode`]'s bytes.
pub fn decode(bytes: &[u8]) -> Result<Catalog, DecodeError> {
    let mut r = Reader::with_header(bytes, MAGIC, CATALOG_VERSION)?;
    // The smallest framework, skill or level takes this many bytes: counts are checked
    // against what is left before anything is allocated.
    let frameworks = (0..r.len(16)?).map(|_| framework(&mut r)).collect::<Result<Vec<_>, _>>()?;
    r.finished()?;
    Ok(Catalog { frameworks })
}

fn framework(r: &mut Reader<'_>) -> Result<Framework, DecodeError> {
    let (id, name, attribution) = (r.string()?, r.string()?, r.string()?);
    let skills = (0..r.len(32)?).map(|_| skill(r)).collect::<Result<Vec<_>, _>>()?;
    let responsibility_levels = (0..r.len(13)?)
        .map(|_| {
            let (level, guiding_phrase, essence) = (r.u8()?, r.string()?, r.string()?);
            let attributes = (0..r.len(8)?)
                .map(|_| Ok((r.string()?, r.string()?)))
                .collect::<Result<Vec<_>, DecodeError>>()?;
            Ok(ResponsibilityLevel { level, guiding_phrase, essence, attributes })
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    Ok(Framework { id, name, attribution, skills, responsibility_levels })
}

fn skill(r: &mut Reader<'_>) -> Result<Skill, DecodeError> {
    let (code, name, category) = (r.string()?, r.string()?, r.string()?);
    let (subcategory, description, guidance) = (r.string()?, r.string()?, r.string()?);
    let levels = (0..r.len(9)?)
        .map(|_| Ok(SkillLevel { level: r.u8()?, name: r.string()?, description: r.string()? }))
        .collect::<Result<Vec<_>, DecodeError>>()?;
    let aliases = (0..r.len(4)?).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
    let url = match r.u8()? {
        0 => None,
        1 => Some(r.string()?),
        other => return Err(format!("bad url marker {other} at offset {}", r.offset() - 1)),
    };
    Ok(Skill { code, name, category, subcategory, description, guidance, levels, aliases, url })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let skill = Skill {
            code: "ITMG".into(),
            name: "Technology service management".into(),
            category: "Delivery".into(),
            subcategory: "Services".into(),
            description: "Managing the provision of technology-based services.".into(),
            guidance: "Activities may include…".into(),
            levels: vec![SkillLevel {
                level: 4,
                name: "Enable".into(),
                description: "Manages é services.".into(),
            }],
            aliases: vec!["IT service management".into()],
            url: Some("https://example.org/itmg".into()),
        };
        let level = ResponsibilityLevel {
            level: 3,
            guiding_phrase: "Apply".into(),
            essence: "Performs varied work".into(),
            attributes: vec![("Autonomy".into(), "Works under general direction".into())],
        };
        Catalog {
            frameworks: vec![
                Framework {
                    id: "sfia-9".into(),
                    name: "SFIA 9".into(),
                    attribution: String::new(),
                    skills: vec![skill, Skill { code: "X".into(), ..Skill::default() }],
                    responsibility_levels: vec![level],
                },
                Framework { id: "empty".into(), ..Framework::default() },
            ],
        }
    }

    #[test]
    fn a_catalog_round_trips_and_a_damaged_one_is_refused() {
        let catalog = catalog();
        let bytes = encode(&catalog);
        assert_eq!(decode(&bytes), Ok(catalog));
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end]).is_err(), "truncated at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("unexpected bytes"));
    }
}
