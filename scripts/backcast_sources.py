"""Source rows of the 2023 backcast data (calibration extracts in data/calibration/, hydrology, operating
rules), appended to data/sources.csv by build_data.py. Copied from the research extraction that read each
source; every figure in data/calibration/ and data/hydrology.csv / generation_limits.csv names one of these."""

BACKCAST_SOURCES = [{'source_id': 'owid_ember_2025',
  'citation': 'Our World in Data, energy-data repository, owid-energy-data.csv (commit '
              'e7897aed55b514b8d16e0a3d8f1518789ac3de31); electricity columns from Ember Yearly Electricity Data '
              '(2025 release)',
  'url': 'https://github.com/owid/energy-data ; https://ember-energy.org/data/yearly-electricity-data/',
  'year': '2025',
  'licence': 'CC BY 4.0 (OWID and Ember)',
  'note': 'Rows country,year 2015-2023 read for MEX,GTM,SLV,HND,NIC,CRI,PAN,COL,ECU,PER,CHL. Columns '
          '*_electricity (TWh), electricity_generation, electricity_demand, net_elec_imports, '
          'greenhouse_gas_emissions (MtCO2e), carbon_intensity_elec (gCO2e/kWh).'},
 {'source_id': 'xm_pr_2024_02_15',
  'citation': 'XM S.A. E.S.P., press release on the 2023 Mercado de Energia Mayorista (Medellin, 15 Feb 2024); '
              'quoted by El Heraldo 2024-02-14',
  'url': 'https://www.elheraldo.co/economia/2024/02/14/el-precio-promedio-en-bolsa-de-energia-bajo-un-15-67-en-enero-1070689/?outputType=amp-type',
  'year': '2024',
  'licence': 'press release (public)',
  'note': '2023 annual bolsa price 572.47 COP/kWh; Oct 1028.17 (max month); Apr 231.53 (min month); Dec 668.46 '
          '(via El Heraldo); exports 1,296,595.01 MWh 2023 vs 465,299.15 MWh 2022; Jan 2024 563.68'},
 {'source_id': 'vanguardia_2023_09',
  'citation': 'Vanguardia (Bucaramanga), Que pasara con la factura de la luz: precio de la energia en bolsa '
              'supero los 1.000 por kilovatio (Sep 2023)',
  'url': 'https://m.vanguardia.com/economia/nacional/que-pasara-con-la-factura-de-la-luz-precio-de-la-energia-en-bolsa-supero-los-1000-por-kilovatio-en-colombia-CY7472675',
  'year': '2023',
  'licence': 'news, quoted with attribution',
  'note': '"al inicio del 2023 el precio del kilovatio se posicionaba en $374" (not stated to be a monthly '
          'average); reservoirs 78%, Sep inflows 51-52% of mean'},
 {'source_id': 'trm_2023_wilkinson',
  'citation': 'Dolar Web (wilkinsonpc), Dolar TRM historico Colombia 2023: yearly statistics of the '
              'Superfinanciera TRM',
  'url': 'https://dolar.wilkinsonpc.com.co/2023',
  'year': '2024',
  'licence': 'secondary compilation of official TRM',
  'note': '2023 mean TRM 4,325.05 COP/USD (start 4,810.20; close 3,822.05). Used to convert all 2023 COP prices '
          '(annual mean, not month-specific: ESTIMATE).'},
 {'source_id': 'gestion_2023_11_lqe',
  'citation': 'Gestion (Peru), El mayor uso de diesel para generacion pasa factura: cuesta US$2,473 millones (Nov '
              '2023), quoting LQE Energy & Mining',
  'url': 'https://gestion.pe/economia/el-mayor-uso-de-diesel-para-generacion-pasa-factura-cuesta-us2473-millones-noticia/',
  'year': '2023',
  'licence': 'news',
  'note': 'COES marginal cost ~US$31/MWh Jan 2023 rising to ~US$170/MWh Aug 2023 (as summarised in '
          'shared/research/backcast_sources.md S1)'},
 {'source_id': 'ecomex_2024',
  'citation': 'e-comex, Emergencia electrica: la compra de energia a Colombia se dispara (CENACE-EC data)',
  'url': 'https://e-comex.com/emergencia-electrica-la-compra-de-energia-a-colombia-se-dispara',
  'year': '2024',
  'licence': 'news',
  'note': 'Ecuador average import price from Colombia 2023 US$0.216/kWh'},
 {'source_id': 'elheraldo_2023_12_embalses',
  'citation': 'El Heraldo, Los embalses de energia subieron en noviembre a 74,81% (2023-12-11), quoting XM',
  'url': 'https://www.elheraldo.co/economia/2023/12/11/los-embalses-de-energia-subieron-en-noviembre-a-74-81-1054481/?outputType=amp-type',
  'year': '2023',
  'licence': 'news',
  'note': 'End-month reservoir levels Sep 73.68%, Oct 72.79%, Nov 74.81%; Nov inflows 74.69% of mean; Nov spills '
          '556 GWh'},
 {'source_id': 'elheraldo_2024_02_embalses',
  'citation': 'El Heraldo, El nivel de embalses de energia cayo en enero: paso de 70,19% a 55,79% (Feb 2024), '
              'quoting XM',
  'url': 'https://www.elheraldo.co/economia/el-nivel-de-embalses-de-energia-cayo-en-enero-paso-de-7019-5579-1070283',
  'year': '2024',
  'licence': 'news',
  'note': 'End Dec 2023 70.19%; end Jan 2024 55.79% of useful volume'},
 {'source_id': 'gem_hydro_2023',
  'citation': 'Global Energy Monitor, Global Hydropower Tracker (May 2023) as re-published in GitHub '
              'pz-max/gem-powerplant-data (commit 3c3b2c9); figures as tabulated in '
              'shared/research/backcast_sources.md section 5',
  'url': 'https://globalenergymonitor.org/projects/global-hydropower-tracker/',
  'year': '2023',
  'licence': 'CC BY-NC-SA 4.0 (conflict with repo README CC BY 4.0): cite only',
  'note': 'Operating MW by Technology Type (conventional storage / run-of-river / pumped / unknown)'},
 {'source_id': 'revistagestion_2023_07',
  'citation': 'Revista Gestion (Ecuador), via Primicias, Gobierno definira licitacion del Campo Amistad '
              '(2023-07-14)',
  'url': 'https://revistagestion.ec/noticias/gobierno-definira-licitacion-del-campo-amistad-el-21-de-julio-de-2023',
  'year': '2023',
  'licence': 'news',
  'note': 'Campo Amistad 21 MMcfd in Apr 2023, declining'},
 {'source_id': 'portalecuador_2024',
  'citation': 'CELEC via Portal Ecuador (Jul 2024)',
  'url': 'https://portalecuador.com/noticias/se-necesitarn-ms-de-dos-aos-para-restaurar-la-capacidad-de-generacin-de-energa-en-ecuador.html',
  'year': '2024',
  'licence': 'news',
  'note': 'Thermal fleet 46 plants 1,862 MW, ~850 MW available; Termogas Machala needs 60 MMcfd for 230 MW, got '
          '15 MMcfd -> ~50 MW; Dec 2023 max operated capacity 4,811 MW'},
 {'source_id': 'gyd_dian_4122_2025',
  'citation': 'GyD Consulting, Cuando se causa el impuesto al carbono en ventas de carbon: Concepto DIAN 4122 de '
              '2025 (on Ley 2277 de 2022 art. 48 phase-in)',
  'url': 'https://www.gydconsulting.com/cuando-se-causa-el-impuesto-al-carbono-en-ventas-de-carbon-concepto-dian-no-4122-de-2025',
  'year': '2025',
  'licence': 'secondary legal commentary',
  'note': 'Coal: 0% of the coal carbon-tax rate for 2023 and 2024, 25% in 2025 (Ley 2277 de 2022 phase-in)'},
 {'source_id': 'est_backcast',
  'citation': 'ESTIMATE by this research session (arithmetic on cited inputs; see the note on each row)',
  'url': '',
  'year': '2025',
  'licence': 'ESTIMATE (no licence: project assumption)',
  'note': 'Every row with this source_id states its inputs'},
 {'source_id': 'iea_mes_2023',
  'citation': 'IEA Monthly Electricity Statistics (net electricity production by product, GWh, monthly, data to '
              'Dec 2023), as redistributed in the Kaggle dataset global_electricity_production_data and the '
              'GitHub repository BQ351/Analisis-de-Datos-LATAM file latam_electricity_production_data.csv (commit '
              '713ab7c6d2ceaee01dc8ce8503d83cf2b1163d35)',
  'url': 'https://www.iea.org/data-and-statistics/data-product/monthly-electricity-statistics ; '
         'https://github.com/BQ351/Analisis-de-Datos-LATAM',
  'year': '2024',
  'licence': 'IEA free dataset, IEA terms of use (attribution required; confirm licence before redistribution)',
  'note': 'Monthly rows 2016-01..2023-12 for CHL, COL, CRI, MEX, PER (plus ARG, BRA); read with stored-index '
          'read_file id 58114664603. Products: Hydro, totals, Total Imports/Exports. Some 2023 months flagged by '
          'IEA as estimated (CRI, CHL Dec).'},
 {'source_id': 'elsalvador_ut_2023_10',
  'citation': 'El Diario de Hoy (elsalvador.com), Precio de la energia en El Salvador: mercado energetico (Oct '
              '2023), quoting Unidad de Transacciones (UT) and DGEHM',
  'url': 'https://elsalvador.com/noticias/negocios/precio-de-la-energia-el-salvador-mercado-energetico-direccion-hidrocarburos-y-minas/1096922/2023',
  'year': '2023',
  'licence': 'news, quoted with attribution',
  'note': 'SV MRS average price 2023: Jan 96.47, Mar 107.14, Apr 114.04, May 124.06, Jun 135.87, Jul 135.48, Aug '
          '144.42 USD/MWh; Aug CMO 129.18, CSIS 15.24; Aug 2022 88.62'},
 {'source_id': 'ifm_2023',
 'citation': 'IFM Noticias, Que sequia: aun no llueve en Colombia (2023), quoting XM',
 'url': 'https://ifmnoticias.com/que-sequia-aun-no-llueve-en-colombia/',
 'year': '2023',
 'licence': 'news',
 'note': 'Reservoirs ~81% at El Nino onset (May-Jun 2023), inflows 17% below mean (as summarised in '
         'backcast_sources.md)'},
 {'source_id': 'bnamericas_xm_2023_01',
  'citation': 'BNamericas, In December 2022 the energy stock price increased to 339.92 COP/kWh (2023-01-12), XM '
              'press release (machine translation)',
  'url': 'https://www.bnamericas.com/en/news/in-december-2022-the-energy-stock-price-increased-to-33992-copkwh',
  'year': '2023',
  'licence': 'press release republished',
  'note': 'CO bolsa Dec 2022 339.92 COP/kWh (+80.04%), Nov 2022 188.8 COP/kWh; "availability of water resources" '
          '87.14% end-Nov -> 79.04% end-Dec 2022: read as the aggregate reservoir level (share of useful volume), '
          'as the November figure matches the ~87% reservoir level of momentozero_2023 (translation ambiguous)'},
 {'source_id': 'momentozero_2023',
  'citation': 'Momento Zero, Nivel alto de los embalses no redujo el costo de la energia (early 2023)',
  'url': 'https://momentozero.com.co/blog/nivel-alto-de-los-embalses-no-redujo-el-costo-de-la-energia/18951',
  'year': '2023',
  'licence': 'news',
  'note': 'CO reservoirs ~87% in Nov 2022; bolsa from ~180 COP/kWh end-2022 to >500 COP/kWh (early 2023)'},
 {'source_id': 'co_lng_2023',
  'citation': 'Colombia LNG imports through SPEC (Cartagena) in 2023: 0.1 bcm in January-April 2023 and none in '
              'April 2023 (LSEG data via Reuters, reprinted by MarketScreener 2024-05-09); about 120,000 t in '
              'September 2023 (energynews.pro 2024-09); Colombian oil-fired generation 3.17, 3.10, 3.27, 3.27 TWh '
              'in 2019-2022 (irena)',
  'url': 'https://it.marketscreener.com/notizie/ultimo/Le-importazioni-dalla-Colombia-raggiungono-un-livello-record-ad-aprile-in-un-contesto-di-siccita-46682539/ ; '
         'https://energynews.pro/en/colombia-more-lng-to-be-imported-in-september-2024-in-the-face-of-falling-water-levels',
  'year': '2024',
  'licence': 'news report; single figures cited with attribution',
  'note': 'Not used as a model input (data/README.md, "Still outside"): derived, 0.1 bcm over 120 days = about '
          '29 MMcfd and 120,000 t x 48.7 Bcf/Mt / 30 d = about 195 MMcfd in September 2023, against the 400 MMcfd '
          'terminal capacity the model lets SPEC send every hour (gas_spec). The steady oil output in wet and dry '
          'years points to liquids burned outside the economic dispatch (ESTIMATE: off-grid zones and '
          'self-generation; not split in any stored source).'}]
