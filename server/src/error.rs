use app::model::AppError;

/// Why the server could not do what it was asked, told to the operator in one line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("configuration invalide : {0}")]
    Config(String),
    #[error("impossible de se connecter à la base de données {url} : {reason}")]
    Connect { url: String, reason: String },
    #[error("la mise à jour du schéma de la base de données a échoué : {0}")]
    Migrate(sea_orm::DbErr),
    #[error("erreur de la base de données : {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("impossible d'écouter sur {addr} : {reason}")]
    Bind { addr: String, reason: String },
    #[error("{0}")]
    Backup(String),
    #[error("{0}")]
    App(#[from] AppError),
    #[error("erreur d'entrée-sortie : {0}")]
    Io(#[from] std::io::Error),
}
