//! Mutual TLS 1.3 between devices with pinned self-signed certificates, on rustls with the
//! `ring` provider. The server requires a client certificate but accepts any whose handshake
//! signature verifies, because an unpaired phone must reach the pairing endpoint; the app then
//! authorizes by [`peer_fingerprint`]. The client accepts the server only by its pinned
//! fingerprint. Host names and IP addresses are never checked, and neither is the certificate's
//! validity period: a pinned key is trusted until it is unpaired.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, ring};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, DistinguishedName, ServerConfig,
    ServerConnection, SignatureScheme,
};

use crate::error::Result;
use crate::identity::{Fingerprint, Identity};

/// A server config presenting `identity` that requires, but does not authorize, a client
/// certificate. It offers HTTP/2 and HTTP/1.1 by ALPN.
pub fn server_config(identity: &Identity) -> Result<Arc<ServerConfig>> {
    let provider = Arc::new(ring::default_provider());
    let verifier = AnyClientKey(provider.signature_verification_algorithms);
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_client_cert_verifier(Arc::new(verifier))
        .with_single_cert(certificate_chain(identity), private_key(identity))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A client config presenting `identity` that accepts only the server whose certificate has the
/// fingerprint `server`.
pub fn client_config(identity: &Identity, server: Fingerprint) -> Result<Arc<ClientConfig>> {
    let provider = Arc::new(ring::default_provider());
    let verifier = PinnedServer {
        fingerprint: server,
        algorithms: provider.signature_verification_algorithms,
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_client_auth_cert(certificate_chain(identity), private_key(identity))?;
    Ok(Arc::new(config))
}

/// The fingerprint of the client's certificate once the handshake is done.
pub fn peer_fingerprint(conn: &ServerConnection) -> Option<Fingerprint> {
    let certificate = conn.peer_certificates()?.first()?;
    Some(Fingerprint::of_cert(certificate))
}

fn certificate_chain(identity: &Identity) -> Vec<CertificateDer<'static>> {
    vec![CertificateDer::from(identity.cert_der.clone())]
}

fn private_key(identity: &Identity) -> PrivateKeyDer<'static> {
    PrivatePkcs8KeyDer::from(identity.key_der.clone()).into()
}

/// Accepts any client certificate; the handshake signature still proves the client holds its key.
#[derive(Debug)]
struct AnyClientKey(WebPkiSupportedAlgorithms);

impl ClientCertVerifier for AnyClientKey {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// Accepts exactly the server certificate with the pinned fingerprint.
#[derive(Debug)]
struct PinnedServer {
    fingerprint: Fingerprint,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if Fingerprint::of_cert(end_entity) == self.fingerprint {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(CertificateError::ApplicationVerificationFailure.into())
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use rustls::{ClientConnection, Connection, PeerIncompatible};

    use super::*;

    /// Sends what `from` has to say to `to`; returns `to`'s verdict.
    fn deliver(from: &mut Connection, to: &mut Connection) -> Result<(), rustls::Error> {
        let mut wire = Vec::new();
        from.write_tls(&mut wire).unwrap();
        to.read_tls(&mut wire.as_slice()).unwrap();
        to.process_new_packets().map(drop)
    }

    #[test]
    fn the_server_refuses_a_tls12_client() {
        let (hub, phone) = (
            Identity::generate("hub").unwrap(),
            Identity::generate("phone").unwrap(),
        );
        let provider = Arc::new(ring::default_provider());
        let verifier = PinnedServer {
            fingerprint: hub.fingerprint(),
            algorithms: provider.signature_verification_algorithms,
        };
        let tls12_only = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS12])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_client_auth_cert(certificate_chain(&phone), private_key(&phone))
            .unwrap();
        let name = ServerName::try_from("127.0.0.1").unwrap();
        let mut client =
            Connection::from(ClientConnection::new(Arc::new(tls12_only), name).unwrap());
        let mut server =
            Connection::from(ServerConnection::new(server_config(&hub).unwrap()).unwrap());

        let verdict = deliver(&mut client, &mut server);

        let expected = PeerIncompatible::Tls12NotOfferedOrEnabled;
        assert_eq!(verdict, Err(rustls::Error::PeerIncompatible(expected)));
    }
}
