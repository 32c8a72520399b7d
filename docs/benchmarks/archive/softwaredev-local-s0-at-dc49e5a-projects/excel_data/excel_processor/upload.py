import pandas as pd

class Upload:
    def __init__(self):
        self.file_path = None

    def upload(self, file_path: str):
        self.file_path = file_path
        self.load_data()

    def load_data(self):
        if self.file_path:
            self.data_frame = pd.read_excel(self.file_path)
        else:
            print("No file path provided")

# Example usage
if __name__ == "__main__":
    upload = Upload()
    upload.upload("example.xlsx")
    upload.display()
