-- The mixed scenario: mostly page reads by a signed-in member, plus writes
-- as a person would make them through the server functions: the member
-- submits proposals, supports others and comments, the lead of a group moves
-- proposals to « retenue ». bench/run passes, through the environment, the
-- base URL, the two session cookies, each server function's path, and the
-- files of bench/candidates.py (one proposal per request, never shared
-- between threads, so that no write is refused for a good reason). Comments
-- come in turn from many members (a file of their cookies): one person may
-- post only a few a minute.
-- Each thread counts its answers by kind; done() writes the totals to
-- BENCH_OUT, which bench/run compares with what the database holds.

local env = os.getenv
local reference = env("BENCH_REFERENCE") or ""
local reads = {
  "/",
  "/propositions?q=pieces+demandees",
  "/propositions?statut=retenue&tri=soutiens&ordre=desc",
  "/propositions/" .. reference,
}
local origin = env("BENCH_BASE") or ""
local member = env("BENCH_MEMBER_COOKIE") or ""
local lead = env("BENCH_LEAD_COOKIE") or ""

local function lines(path)
  local found = {}
  local f = path and io.open(path, "r")
  if f then
    for line in f:lines() do table.insert(found, line) end
    f:close()
  end
  return found
end

-- kind = { share in percent, cookie, server function path, body(n) or nil when exhausted }
local kinds = {
  { name = "submit", share = 3, cookie = member, path = env("BENCH_SUBMIT_PATH") },
  { name = "support", share = 3, cookie = member, path = env("BENCH_SUPPORT_PATH") },
  { name = "comment", share = 2, cookie = member, path = env("BENCH_COMMENT_PATH") },
  { name = "status", share = 2, cookie = lead, path = env("BENCH_STATUS_PATH") },
}
local names = { "submit", "support", "comment", "status" }

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local counter = 0
local supports, statuses, commenters, next_support, next_status, next_commenter

function init(args)
  nthreads = tonumber(env("BENCH_THREADS") or "2")
  supports = lines(env("BENCH_SUPPORTS_FILE"))
  statuses = lines(env("BENCH_STATUSES_FILE"))
  commenters = lines(env("BENCH_COMMENT_COOKIES_FILE"))
  next_support, next_status, next_commenter = id, id, id
  ok_reads, failed_reads, ok_writes, failed_writes = 0, 0, 0, 0
  for _, n in ipairs(names) do _G["sent_" .. n] = 0 end
end

local function body_of(kind, n)
  if kind.name == "submit" then
    return "title=Proposition+de+charge+" .. n .. "&body=Texte+de+la+proposition+" .. n
      .. "&procedures%5Bcni-pre-demande%5D=on&procedures%5Bpasseport-pre-demande%5D=on&origin=association"
  elseif kind.name == "support" then
    local ref = supports[next_support]
    if not ref then return nil end
    next_support = next_support + nthreads
    return "reference=" .. ref
  elseif kind.name == "comment" then
    return "reference=" .. reference .. "&body=Commentaire+de+charge+" .. n
  else
    local line = statuses[next_status]
    if not line then return nil end
    next_status = next_status + nthreads
    local ref, version = line:match("^(%S+) (%d+)$")
    return "reference=" .. ref .. "&version=" .. version .. "&status=retenue&reason=&kept="
  end
end

function request()
  counter = counter + 1
  local draw = math.random(100)
  local acc = 0
  for _, kind in ipairs(kinds) do
    acc = acc + kind.share
    if draw <= acc and kind.path then
      local body = body_of(kind, id * 10000000 + counter)
      if body then
        _G["sent_" .. kind.name] = _G["sent_" .. kind.name] + 1
        local cookie = kind.cookie
        if kind.name == "comment" and #commenters > 0 then
          cookie = commenters[(next_commenter - 1) % #commenters + 1]
          next_commenter = next_commenter + nthreads
        end
        return wrk.format("POST", kind.path, {
          ["Cookie"] = cookie,
          ["Origin"] = origin,
          ["Accept"] = "application/json",
          ["Content-Type"] = "application/x-www-form-urlencoded",
        }, body)
      end
      break
    end
  end
  return wrk.format("GET", reads[math.random(#reads)], { ["Cookie"] = member })
end

-- Pages answer in HTML, server functions do not: that tells reads from
-- writes (a thread's connections answer in no particular order, so writes
-- are counted by kind when sent, and their answers all together).
function response(status, headers, body)
  local ok = status < 400 and headers["serverfnerror"] == nil
  local content_type = headers["Content-Type"] or headers["content-type"] or ""
  local kind = content_type:find("text/html", 1, true) and "reads" or "writes"
  local key = (ok and "ok_" or "failed_") .. kind
  _G[key] = _G[key] + 1
end

function done(summary, latency, requests)
  local keys = { "ok_reads", "failed_reads", "ok_writes", "failed_writes" }
  for _, n in ipairs(names) do table.insert(keys, "sent_" .. n) end
  local totals = {}
  for _, k in ipairs(keys) do totals[k] = 0 end
  for _, t in ipairs(threads) do
    for _, k in ipairs(keys) do
      totals[k] = totals[k] + (t:get(k) or 0)
    end
  end
  local f = io.open(env("BENCH_OUT"), "w")
  for _, k in ipairs(keys) do
    f:write(string.format("%s=%d\n", k, totals[k]))
  end
  f:close()
end
