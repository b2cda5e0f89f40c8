//! An operator's sign-in, checked by the server (`roles.rs`): depot asks for the salt of the
//! operator's PIN, sends the proof made from it, and maps the server's answer to the port's
//! [`SignIn`]. Once signed in, the store signs every new connection in with the same proof,
//! and a connection of an earlier sign-in is not kept (a terminal where someone else signed in
//! writes as them only).

use depot_domain::Vocabulary;
use depot_domain::access::Role;
use depot_domain::msg::store::StoreMsg;
use depot_store::{Prove, SignIn, StoreError};

use crate::PgStore;
use crate::conn::Signed;
use crate::roles::{FIRST, NO_PROOF, UNKNOWN, WAIT, WRONG};

impl PgStore {
    /// Signs `name` in on this store's connections (see `Database::sign_in`).
    pub fn sign_in(&self, name: &str, prove: Prove<'_>) -> Result<SignIn, StoreError> {
        {
            // Whoever was signed in is no longer, on any connection this store keeps.
            let mut signed = self
                .pool
                .signed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *signed = Signed {
                generation: signed.generation + 1,
                who: None,
            };
        }
        let mut c = self.pool.take()?;
        #[cfg(any(test, feature = "testing"))]
        crate::testing::fault(&self.pool, &mut c, crate::testing::Moment::SignIn);
        let asked = (|| -> Result<(String, Option<[u8; 32]>), postgres::Error> {
            let salt: Option<Vec<u8>> = c
                .client
                .query_one("SELECT depot.pin_salt($1)", &[&name])?
                .get(0);
            let proof = salt
                .and_then(|s| <[u8; 16]>::try_from(s.as_slice()).ok())
                .and_then(|s| prove(&s));
            let said = c
                .client
                .query_one(
                    "SELECT depot.sign_in($1, $2)",
                    &[&name, &proof.as_ref().map(|p| p.as_slice())],
                )?
                .get(0);
            Ok((said, proof))
        })();
        let (said, proof) = asked.map_err(|e| self.pool.error(e))?;
        let answer = answer(&said)?;
        if matches!(answer, SignIn::Role(_) | SignIn::First) {
            let mut signed = self
                .pool
                .signed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            signed.who = Some((name.to_owned(), proof));
        }
        self.pool.give(c);
        Ok(answer)
    }
}

/// The server's answer to a sign-in, as the port has it.
fn answer(said: &str) -> Result<SignIn, StoreError> {
    if let Some(role) = Role::ALL.iter().find(|r| r.en() == said) {
        return Ok(SignIn::Role(*role));
    }
    let wait = || {
        // `wait N s after F failures`
        let mut words = said.split(' ');
        let secs = words.nth(1)?.parse().ok()?;
        let failures = words.nth(2)?.parse().ok()?;
        Some(SignIn::Wait { secs, failures })
    };
    match said {
        FIRST => Ok(SignIn::First),
        UNKNOWN => Ok(SignIn::UnknownOperator),
        NO_PROOF => Ok(SignIn::NoProof),
        WRONG => Ok(SignIn::WrongPin),
        _ if said.starts_with(WAIT) => wait().ok_or_else(|| unheard(said)),
        _ => Err(unheard(said)),
    }
}

fn unheard(said: &str) -> StoreError {
    StoreError::Msg(StoreMsg::SignInUnheard {
        said: said.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_answers_are_read() {
        assert_eq!(answer("officer").unwrap(), SignIn::Role(Role::Officer));
        assert_eq!(answer(FIRST).unwrap(), SignIn::First);
        assert_eq!(answer(WRONG).unwrap(), SignIn::WrongPin);
        assert_eq!(
            answer("wait 4 s after 5 failures").unwrap(),
            SignIn::Wait {
                secs: 4,
                failures: 5
            }
        );
        assert!(answer("maybe").is_err());
    }
}
