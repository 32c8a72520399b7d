from game import Game
from ui import UI
from css import CSS

class CSS:
    def __init__(self):
        self.layout = {
            'grid': {
                'width': '100%',
                'height': '100%',
                'display': 'grid',
                'grid-template-columns': 'repeat(4, 1fr)',
                'grid-template-rows': 'repeat(4, 1fr)',
                'gap': '10px'
            },
            'tile': {
                'width': '100px',
                'height': '100px',
                'display': 'flex',
                'justify-content': 'center',
                'align-items': 'center',
                'font-size': '24px',
                'color': 'white'
            },
            'score': {
                'position': 'absolute',
                'top': '10px',
                'right': '10px',
                'font-size': '24px',
                'color': 'white'
            }
        }

    def adjustLayout(self):
        for key, value in self.layout.items():
            if key == 'grid':
                for subkey, subvalue in value.items():
                    if subkey == 'width':
                        self.layout[key][subkey] = '100%'
                    elif subkey == 'height':
                        self.layout[key][subkey] = '100%'
                    elif subkey == 'display':
                        self.layout[key][subkey] = 'grid'
                    elif subkey == 'grid-template-columns':
                        self.layout[key][subkey] = 'repeat(4, 1fr)'
                    elif subkey == 'grid-template-rows':
                        self.layout[key][subkey] = 'repeat(4, 1fr)'
                    elif subkey == 'gap':
                        self.layout[key][subkey] = '10px'
            elif key == 'tile':
                for subkey, subvalue in value.items():
                    if subkey == 'width':
                        self.layout[key][subkey] = '100px'
                    elif subkey == 'height':
                        self.layout[key][subkey] = '100px'
                    elif subkey == 'display':
                        self.layout[key][subkey] = 'flex'
                    elif subkey == 'justify-content':
                        self.layout[key][subkey] = 'center'
                    elif subkey == 'align-items':
                        self.layout[key][subkey] = 'center'
                    elif subkey == 'font-size':
                        self.layout[key][subkey] = '24px'
                    elif subkey == 'color':
                        self.layout[key][subkey] = 'white'
            elif key == 'score':
                for subkey, subvalue in value.items():
                    if subkey == 'position':
                        self.layout[key][subkey] = 'absolute'
                    elif subkey == 'top':
                        self.layout[key][subkey] = '10px'
                    elif subkey == 'right':
                        self.layout[key][subkey] = '10px'
                    elif subkey == 'font-size':
                        self.layout[key][subkey] = '24px'
                    elif subkey == 'color':
                        self.layout[key][subkey] = 'white'

if __name__ == "__main__":
    css = CSS()
    css.adjustLayout()
