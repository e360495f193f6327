package io.sweep4j.dashboard;

import io.sweep4j.report.HtmlReport;

/**
 * The dashboard's style sheet (the report's, plus the status line) and its one script: it polls the page's fragment
 * every two seconds, swaps it in when it changed, keeps the table's filter and sort, and says when it last heard from
 * the storage. User text reaches the page only as server-escaped HTML or through {@code textContent}.
 */
final class DashboardAssets {
    private DashboardAssets() {
    }

    static final String CSS = HtmlReport.css() + """
            nav{font-size:13px;margin:0 0 10px;display:flex;gap:14px;align-items:baseline}
            .status{padding:2px 8px;border-radius:3px}.status.ok{background:#eef7ee;color:#264}
            .status.down{background:#fdecea;color:#a11;font-weight:600}
            .status.loading{background:#fff7e0;color:#750}
            #studies td.num{text-align:right}#running table{margin-bottom:8px}
            """;

    static final String FAVICON = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
            + "<polyline points='1,14 5,8 9,10 15,2' fill='none' stroke='#1f77b4' stroke-width='2'/></svg>";

    static final String SCRIPT = "function bindTable(){\n" + HtmlReport.tableScript() + "}\n" + """
            (function(){
              var api=document.body.getAttribute('data-api'),live=document.getElementById('live');
              var status=document.getElementById('status'),version='',heard=null,problem=null,loading=null,down=false;
              function val(id){var e=document.getElementById(id);return e?e.value:'';}
              function set(id,v){var e=document.getElementById(id);if(e)e.value=v;}
              // the trial table's sort, by column name (a new metric or parameter may add a column before it)
              function sorted(){var t=document.getElementById('trial-table');if(!t)return null;
                var ths=t.tHead.rows[0].cells;for(var i=0;i<ths.length;i++){var c=ths[i].classList;
                  if(c.contains('asc')||c.contains('desc'))return {name:ths[i].textContent,desc:c.contains('desc')};}
                return null;}
              function resort(s){var t=document.getElementById('trial-table');if(!s||!t)return;
                Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th){
                  if(th.textContent===s.name){th.click();if(s.desc)th.click();}});}
              function time(ms){return new Date(ms).toISOString().slice(11,19)+' UTC';}
              function show(){
                if(heard===null&&!down)return;
                var secs=heard===null?0:Math.max(0,Math.round((Date.now()-heard)/1000));
                var ago=heard===null?'':' ('+secs+' s ago)';
                if(down){status.className='status down';status.textContent='The dashboard server does not answer;'
                  +' showing what it last sent. Retrying every 2 s.';}
                else if(problem!==null){status.className='status down';status.textContent='The storage is'
                  +' unreachable: '+problem+'. Last heard from it at '+time(heard)+ago+'; showing what it held'
                  +' then. Retrying every 2 s.';}
                else if(loading!==null){status.className='status loading';status.textContent='first look · reading'
                  +' every trial in the background since '+time(loading)+' ('+Math.max(0,Math.round((Date.now()
                  -loading)/1000))+' s); the page fills in when that is done';}
                else if(secs>10){status.className='status down';status.textContent='No answer from the storage'
                  +' since '+time(heard)+ago+' (a server that stopped answering, or a long read); showing what it'
                  +' held then.';}
                else{status.className='status ok';status.textContent='live · last heard from the storage at '
                  +time(heard)+ago;}
              }
              function poll(){
                var url=api+(api.indexOf('?')<0?'?':'&')+'v='+encodeURIComponent(version);
                fetch(url,{cache:'no-store'}).then(function(r){return r.json();}).then(function(d){
                  down=false;heard=d.heard;problem=d.problem;
                  loading=typeof d.loading==='number'?d.loading:null;
                  if(typeof d.html==='string'){var f=val('filter'),s=val('state'),o=sorted();
                    live.innerHTML=d.html;version=d.version;set('filter',f);set('state',s);bindTable();resort(o);}
                  show();
                }).catch(function(){down=true;show();}).then(function(){setTimeout(poll,2000);});
              }
              poll();setInterval(show,1000);
            })();
            """;
}
