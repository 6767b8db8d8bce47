/** The public pages of Écoute, with what a visitor sees first on each. */
export interface PublicPage {
  path: string;
  /** The page's h1. */
  heading: string;
  /** Label of the main-navigation link leading to it, if any. */
  navLabel?: string;
}

/** The demo body's name (app/data/demo.toml), the end of every page's title. */
export const BODY_NAME = "Instance d'écoute des usagers";

export const HOME: PublicPage = { path: '/', heading: BODY_NAME };

export const SECTIONS: PublicPage[] = [
  { path: '/instance', heading: 'Séances plénières', navLabel: 'Instance' },
  { path: '/groupes', heading: 'Groupes de travail', navLabel: 'Groupes de travail' },
  { path: '/membres', heading: "Membres de l'instance", navLabel: 'Membres' },
  { path: '/propositions', heading: "Propositions d'amélioration", navLabel: 'Propositions' },
  { path: '/demarches', heading: 'Démarches en ligne', navLabel: 'Démarches' },
  { path: '/campagnes', heading: 'Campagnes de tests utilisateurs', navLabel: 'Campagnes de tests' },
  { path: '/bilan', heading: "Bilans de l'instance d'écoute", navLabel: 'Bilans' },
];

export const PUBLIC_PAGES: PublicPage[] = [HOME, ...SECTIONS];

export const NOT_FOUND: PublicPage = { path: '/cette-page-n-existe-pas', heading: 'Page non trouvée' };

/** A proposal reference such as DA-2019-0042. */
export const REFERENCE = /DA-\d{4}-\d{4}/;

/** The statuses a proposal can show, as its badge reads. */
export const PROPOSAL_STATUSES = [
  'Déposée',
  'En instruction',
  'Retenue',
  'En cours',
  'Réalisée',
  'Non retenue',
  'Fusionnée',
];

/** Text shown while a page's data is still loading. */
export const LOADING = 'Chargement…';
