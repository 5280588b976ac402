-- Computes one team's aggregate from its valid judges' sheets with the rules of shared/scoring.ts, stores it, and
-- places the team on its track's leaderboard (a sorted set by published score) or takes it off when not final.
-- With a mix (shared/mix.ts), a final team's parts are P (the panel's published score) and U (the public's part: its
-- votes over the track's most votes × full marks, or the mean of its public jurors' totals), and the score is F.
-- KEYS: sheets, recused, agg, board, the track's public vote counts (voters' or imported), the team's public totals
-- ARGV: team, rules JSON, judge order JSON (every judge id, in panel order), criterion ids JSON,
--       mix JSON {panelPercent, publicPercent, kind, fullMarksMilli} or null
local sheets_key, recused_key, agg_key, board_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local counts_key, pub_scores_key = KEYS[5], KEYS[6]
local team = ARGV[1]
local rules = cjson.decode(ARGV[2])
local order = cjson.decode(ARGV[3])
local criterion_ids = cjson.decode(ARGV[4])
local mix = cjson.decode(ARGV[5])

local judges, totals, sheets = {}, {}, {}
for _, judge in ipairs(order) do
  local raw = redis.call('HGET', sheets_key, judge)
  if raw and redis.call('SISMEMBER', recused_key, judge) == 0 then
    local sheet = cjson.decode(raw)
    judges[#judges + 1] = judge
    totals[#totals + 1] = sheet.total
    sheets[#sheets + 1] = sheet
  end
end
local n = #judges

local high, low = 0, 0
if (rules.method == 'trimmed-mean' or rules.method == 'trimmed-sum') and n >= rules.trimWhenAtLeast then
  high, low = rules.dropHighest, rules.dropLowest
end
local marks = {}
local desc = {}
for i = 1, n do desc[i] = i end
table.sort(desc, function(a, b)
  if totals[a] ~= totals[b] then return totals[a] > totals[b] end
  return a < b
end)
for k = 1, math.min(high, n) do marks[desc[k]] = 'highest' end
local asc = {}
for i = 1, n do if not marks[i] then asc[#asc + 1] = i end end
table.sort(asc, function(a, b)
  if totals[a] ~= totals[b] then return totals[a] < totals[b] end
  return a < b
end)
for k = 1, math.min(low, #asc) do marks[asc[k]] = 'lowest' end

local kept_sum, kept_count, all_sum = 0, 0, 0
local criteria_sums = {}
local lines = {}
for i = 1, n do
  all_sum = all_sum + totals[i]
  if not marks[i] then
    kept_sum = kept_sum + totals[i]
    kept_count = kept_count + 1
  end
  for _, id in ipairs(criterion_ids) do
    criteria_sums[id] = (criteria_sums[id] or 0) + (sheets[i].criteria[id] or 0)
  end
  lines[i] = { judge = judges[i], total = totals[i], dropped = marks[i] or cjson.null }
end

local final = n >= rules.minJudges and kept_count > 0
local published = cjson.null
if final then
  local scale = 1
  for _ = 1, rules.decimals do scale = scale * 10 end
  local den = 1000
  if rules.method == 'trimmed-mean' or rules.method == 'mean' then den = 1000 * kept_count end
  -- half-up: floor((2 * num + den) / (2 * den))
  published = idiv(2 * kept_sum * scale + den, 2 * den)
end

-- floor((2 * num + den) / (2 * den)), refusing an intermediate value beyond doubles' whole numbers (2^53).
local function half_up(num, den)
  if 2 * num + den >= 9007199254740992 then return error('mix: a value is too large to compute exactly') end
  return idiv(2 * num + den, 2 * den)
end

local parts = nil
if final and mix ~= cjson.null then
  local scale = 1
  for _ = 1, rules.decimals do scale = scale * 10 end
  local public = 0
  if mix.kind == 'votes' then
    local most = 0
    for _, v in ipairs(redis.call('HVALS', counts_key)) do
      local c = tonumber(v)
      if c > most then most = c end
    end
    local votes = tonumber(redis.call('HGET', counts_key, team) or '0')
    if most > 0 and votes > 0 then public = half_up(votes * mix.fullMarksMilli * scale, most * 1000) end
  else
    local sum, count = 0, 0
    for _, v in ipairs(redis.call('HVALS', pub_scores_key)) do
      sum = sum + tonumber(v)
      count = count + 1
    end
    if count > 0 then public = half_up(sum * scale, count * 1000) end
  end
  parts = { panel = published, public = public }
  published = half_up(published * mix.panelPercent + public * mix.publicPercent, 100)
end

local agg = {
  team = team, status = final and 'final' or 'insufficient-judges', judges = lines,
  keptSum = kept_sum, keptCount = kept_count, allSum = all_sum, allCount = n,
  criteriaSums = criteria_sums, published = published, parts = parts,
}
local encoded = cjson.encode(agg)
redis.call('SET', agg_key, encoded)
if final then
  redis.call('ZADD', board_key, published, team)
else
  redis.call('ZREM', board_key, team)
end
return encoded
