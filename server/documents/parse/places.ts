/**
 * Norwegian place names, to tell names from places in attendance lists ("Erik Kjeldstadli, Bærum").
 */
// Places

/**
 * Norwegian municipalities (before and after the 2020 and 2024 reforms) and counties. Complete for the old
 * Buskerud, Akershus, Vestfold, Østfold, Oslo and Telemark, and for every county; most of the rest of the country.
 */
const MUNICIPALITIES = `
Oslo
Halden|Moss|Sarpsborg|Fredrikstad|Hvaler|Aremark|Marker|Rømskog|Trøgstad|Spydeberg|Askim|Eidsberg|Skiptvet|Rakkestad|Råde|Rygge|Våler|Hobøl|Indre Østfold
Vestby|Ski|Ås|Frogn|Nesodden|Oppegård|Bærum|Asker|Aurskog-Høland|Sørum|Fet|Rælingen|Enebakk|Lørenskog|Skedsmo|Nittedal|Gjerdrum|Ullensaker|Nes|Eidsvoll|Nannestad|Hurdal|Lillestrøm|Nordre Follo|Jevnaker|Lunner
Drammen|Kongsberg|Ringerike|Hole|Flå|Gol|Hemsedal|Ål|Hol|Sigdal|Krødsherad|Modum|Øvre Eiker|Nedre Eiker|Lier|Røyken|Hurum|Flesberg|Rollag|Nore og Uvdal|Svelvik
Horten|Holmestrand|Tønsberg|Sandefjord|Larvik|Sande|Hof|Re|Andebu|Stokke|Nøtterøy|Tjøme|Lardal|Færder
Porsgrunn|Skien|Notodden|Siljan|Bamble|Kragerø|Drangedal|Nome|Bø|Sauherad|Tinn|Hjartdal|Seljord|Kviteseid|Nissedal|Fyresdal|Tokke|Vinje|Midt-Telemark
Kongsvinger|Hamar|Ringsaker|Løten|Stange|Nord-Odal|Sør-Odal|Eidskog|Grue|Åsnes|Elverum|Trysil|Åmot|Stor-Elvdal|Rendalen|Engerdal|Tolga|Tynset|Alvdal|Folldal|Os
Lillehammer|Gjøvik|Dovre|Lesja|Skjåk|Lom|Vågå|Nord-Fron|Sel|Sør-Fron|Ringebu|Øyer|Gausdal|Østre Toten|Vestre Toten|Gran|Søndre Land|Nordre Land|Sør-Aurdal|Etnedal|Nord-Aurdal|Vestre Slidre|Øystre Slidre|Vang
Risør|Grimstad|Arendal|Gjerstad|Vegårshei|Tvedestrand|Froland|Lillesand|Birkenes|Åmli|Iveland|Evje og Hornnes|Bygland|Valle|Bykle
Kristiansand|Mandal|Farsund|Flekkefjord|Vennesla|Songdalen|Søgne|Marnardal|Åseral|Audnedal|Lindesnes|Lyngdal|Hægebostad|Kvinesdal|Sirdal
Eigersund|Sandnes|Stavanger|Haugesund|Sokndal|Lund|Bjerkreim|Hå|Klepp|Time|Gjesdal|Sola|Randaberg|Forsand|Strand|Hjelmeland|Suldal|Sauda|Finnøy|Rennesøy|Kvitsøy|Bokn|Tysvær|Karmøy|Utsira|Vindafjord
Bergen|Etne|Sveio|Bømlo|Stord|Fitjar|Tysnes|Kvinnherad|Jondal|Odda|Ullensvang|Eidfjord|Ulvik|Granvin|Voss|Kvam|Fusa|Samnanger|Austevoll|Sund|Fjell|Askøy|Vaksdal|Modalen|Osterøy|Meland|Øygarden|Radøy|Lindås|Austrheim|Fedje|Masfjorden|Bjørnafjorden|Alver
Flora|Gulen|Solund|Hyllestad|Høyanger|Vik|Balestrand|Leikanger|Sogndal|Aurland|Lærdal|Årdal|Luster|Askvoll|Fjaler|Gaular|Jølster|Førde|Naustdal|Bremanger|Vågsøy|Selje|Eid|Hornindal|Gloppen|Stryn|Kinn|Sunnfjord|Stad
Molde|Ålesund|Kristiansund|Vanylven|Herøy|Ulstein|Hareid|Volda|Ørsta|Ørskog|Norddal|Stranda|Stordal|Sykkylven|Skodje|Sula|Giske|Haram|Vestnes|Rauma|Nesset|Midsund|Sandøy|Aukra|Fræna|Eide|Averøy|Gjemnes|Tingvoll|Sunndal|Surnadal|Halsa|Smøla|Aure|Fjord|Hustadvika
Trondheim|Hemne|Snillfjord|Hitra|Frøya|Ørland|Agdenes|Rissa|Bjugn|Åfjord|Roan|Osen|Oppdal|Rennebu|Meldal|Orkdal|Røros|Holtålen|Midtre Gauldal|Melhus|Skaun|Klæbu|Malvik|Selbu|Tydal|Steinkjer|Namsos|Meråker|Stjørdal|Frosta|Leksvik|Levanger|Verdal|Verran|Namdalseid|Snåsa|Lierne|Røyrvik|Namsskogan|Grong|Høylandet|Overhalla|Fosnes|Flatanger|Vikna|Nærøy|Leka|Inderøy|Indre Fosen|Orkland|Heim|Nærøysund
Bodø|Narvik|Bindal|Sømna|Brønnøy|Vega|Vevelstad|Alstahaug|Leirfjord|Vefsn|Grane|Hattfjelldal|Dønna|Nesna|Hemnes|Rana|Lurøy|Træna|Rødøy|Meløy|Gildeskål|Beiarn|Saltdal|Fauske|Sørfold|Steigen|Hamarøy|Tysfjord|Lødingen|Tjeldsund|Evenes|Ballangen|Røst|Værøy|Flakstad|Vestvågøy|Vågan|Hadsel|Øksnes|Sortland|Andøy|Moskenes
Tromsø|Harstad|Kvæfjord|Skånland|Ibestad|Gratangen|Lavangen|Bardu|Salangen|Målselv|Sørreisa|Dyrøy|Tranøy|Torsken|Berg|Lenvik|Balsfjord|Karlsøy|Lyngen|Storfjord|Kåfjord|Skjervøy|Nordreisa|Kvænangen|Senja
Vardø|Vadsø|Hammerfest|Kautokeino|Alta|Loppa|Hasvik|Kvalsund|Måsøy|Nordkapp|Porsanger|Karasjok|Lebesby|Gamvik|Berlevåg|Tana|Nesseby|Båtsfjord|Sør-Varanger
`;

const COUNTIES = `
Østfold|Akershus|Oslo|Hedmark|Oppland|Buskerud|Vestfold|Telemark|Aust-Agder|Vest-Agder|Rogaland|Hordaland|Sogn og Fjordane
Møre og Romsdal|Sør-Trøndelag|Nord-Trøndelag|Trøndelag|Nordland|Troms|Finnmark|Viken|Innlandet|Vestfold og Telemark|Agder
Vestland|Troms og Finnmark|Svalbard
`;

const split = (s: string): string[] =>
  s
    .split(/[|\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export const MUNICIPALITY_NAMES: readonly string[] = [...new Set(split(MUNICIPALITIES))];
export const COUNTY_NAMES: readonly string[] = [...new Set(split(COUNTIES))];

const PLACE_SET = new Set([...MUNICIPALITY_NAMES, ...COUNTY_NAMES].map((p) => p.toLowerCase()));
/** Organisations that stand where a municipality would in attendance lists. */
const ORGANISATION_PLACES = new Set(['ks', 'vestregionen', 'osloregionen', 'fylkesmannen', 'statsforvalteren', 'nav']);

/** True for a municipality or county name, "Bærum kommune", "Buskerud fylkeskommune", "Fylkesmannen i Buskerud", "KS". */
export function isKnownPlace(text: string): boolean {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!t) return false;
  if (PLACE_SET.has(t) || ORGANISATION_PLACES.has(t)) return true;
  const m = /^(.+?)\s+(kommune|fylkeskommune|fylke|bydel|regionråd|kommunes?)$/.exec(t);
  if (m && !/\s/.test(m[1]!.replace(/^(øvre|nedre|nordre|søndre|vestre|østre|indre|midtre) /, ''))) return true;
  if (m && PLACE_SET.has(m[1]!)) return true;
  if (/^(fylkesmannen|statsforvalteren|ks)\b/.test(t)) return true;
  return false;
}

