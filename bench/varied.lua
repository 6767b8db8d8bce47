-- The backlog searched as many visitors would: a different search and filter
-- at almost every request, so that no view kept in memory answers it and
-- the figure is the database's and the rendering's own.
local words = {
  "formulaire", "messages+erreur", "photo", "timbre+fiscal", "suivi", "confirmation",
  "personnes+agees", "malvoyantes", "adresse", "aidants", "mobile", "sourdes",
  "lecteurs+ecran", "delai", "vocabulaire", "petit+ecran", "pieces+demandees", "abandonnent",
}
local statuses = { "", "statut=en_instruction&", "statut=retenue&", "statut=en_cours&", "statut=realisee&" }
local sorts = { "", "&tri=soutiens&ordre=desc", "&tri=depot&ordre=asc" }

function request()
  local path = "/propositions?" .. statuses[math.random(#statuses)] .. "q=" .. words[math.random(#words)]
    .. sorts[math.random(#sorts)] .. "&page=" .. math.random(5)
  return wrk.format("GET", path)
end
